namespace Som.Runner.Rendering;

/// <summary>What each frame of <c>training.png</c> shows.</summary>
internal enum AnimationView
{
    /// <summary>The prototype grid (image data only), as prototypes.png draws it.</summary>
    Prototypes,
    /// <summary>The U-matrix, as umatrix.png draws it, on one colour scale for all frames.</summary>
    UMatrix,
}
