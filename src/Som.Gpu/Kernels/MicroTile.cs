namespace Som.Gpu.Kernels;

/// <summary>
/// The register micro-tile of <see cref="DistanceBmuKernels.FindBmusKernel"/>: 4 samples × 4 units of dot products,
/// C_ab = Σ_f x_a[f]·w_b[f], each a multiply-add chain in feature order. Sixteen named fields rather than an array,
/// so the accumulators stay in registers on every backend.
/// </summary>
internal struct MicroTile
{
    public float C00, C01, C02, C03, C10, C11, C12, C13, C20, C21, C22, C23, C30, C31, C32, C33;

    /// <summary>C_ab += x_a·w_b for one feature of samples a = 0…3 and units b = 0…3.</summary>
    public void Add(float x0, float x1, float x2, float x3, float w0, float w1, float w2, float w3)
    {
        C00 += x0 * w0; C01 += x0 * w1; C02 += x0 * w2; C03 += x0 * w3;
        C10 += x1 * w0; C11 += x1 * w1; C12 += x1 * w2; C13 += x1 * w3;
        C20 += x2 * w0; C21 += x2 * w1; C22 += x2 * w2; C23 += x2 * w3;
        C30 += x3 * w0; C31 += x3 * w1; C32 += x3 * w2; C33 += x3 * w3;
    }
}
