using System.Runtime.Intrinsics;

namespace Som.Cpu;

/// <summary>
/// The codebook in the distance kernel's layout: panels of 32 units, each panel [feature][unit]
/// (32 consecutive floats per feature), 64-byte aligned. Units past M in the last panel are padding that can
/// never win: their ‖w‖² is +∞ (Euclidean) and their cosine bias is +∞.
/// Also holds per unit ‖w‖² (each a fused multiply-add chain over f in order, <see cref="FixedOrderSum.PanelSquares"/>) and, for the cosine
/// distance, −1/‖w‖ (0 when ‖w‖ = 0, so the distance is 1).
/// </summary>
internal sealed unsafe class PackedCodebook : IDisposable
{
    /// <summary>Units per panel.</summary>
    public const int Lanes = DotKernels.Lanes;

    /// <summary>Allocates a zero codebook of <paramref name="units"/> × <paramref name="features"/>.</summary>
    /// <param name="units">Units M.</param>
    /// <param name="features">Features D.</param>
    /// <param name="isa">Resolved instruction set of the norm loops.</param>
    public PackedCodebook(int units, int features, KernelIsa isa)
    {
        Isa = isa;
        Units = units;
        Features = features;
        Panels = (units + Lanes - 1) / Lanes;
        Weights = new AlignedBuffer((long)Panels * features * Lanes);
        SquaredNorms = new float[Panels * Lanes];
        CosineScale = new float[Panels * Lanes];
        CosineBias = new float[Panels * Lanes];
        for (int p = 0; p < Panels; p++) RefreshNorms(p);
    }

    /// <summary>Instruction set of the norm loops (and of the engine that owns this codebook).</summary>
    public KernelIsa Isa { get; }
    /// <summary>Number of real units M.</summary>
    public int Units { get; }
    /// <summary>Features D.</summary>
    public int Features { get; }
    /// <summary>Number of panels ⌈M/32⌉.</summary>
    public int Panels { get; }
    /// <summary>The packed weights.</summary>
    public AlignedBuffer Weights { get; }
    /// <summary>‖w_j‖² per (padded) unit; +∞ for padding.</summary>
    public float[] SquaredNorms { get; }
    /// <summary>−1/‖w_j‖ per (padded) unit; 0 when the norm is 0 and for padding.</summary>
    public float[] CosineScale { get; }
    /// <summary>0 per unit, +∞ for padding.</summary>
    public float[] CosineBias { get; }

    /// <summary>First float of panel <paramref name="p"/>.</summary>
    public float* Panel(int p) => Weights.Pointer + (long)p * Features * Lanes;

    /// <summary>Packs a row-major M × D codebook.</summary>
    public void Load(ReadOnlySpan<float> rowMajor)
    {
        int d = Features;
        for (int j = 0; j < Units; j++)
        {
            float* panel = Panel(j / Lanes) + j % Lanes;
            var row = rowMajor.Slice(j * d, d);
            for (int f = 0; f < d; f++) panel[f * Lanes] = row[f];
        }
        for (int p = 0; p < Panels; p++) RefreshNorms(p);
    }

    /// <summary>Unpacks into a row-major M × D codebook.</summary>
    public void Store(Span<float> rowMajor)
    {
        int d = Features;
        for (int j = 0; j < Units; j++)
        {
            float* panel = Panel(j / Lanes) + j % Lanes;
            var row = rowMajor.Slice(j * d, d);
            for (int f = 0; f < d; f++) row[f] = panel[f * Lanes];
        }
    }

    /// <summary>Recomputes the norms of panel <paramref name="p"/> after its weights changed.</summary>
    public void RefreshNorms(int p)
    {
        FixedOrderSum.PanelSquares(Panel(p), Features, SquaredNorms.AsSpan(p * Lanes, Lanes), Isa);
        FinishNorms(p);
    }

    /// <summary>
    /// Derives the padding and cosine terms of panel <paramref name="p"/> from its ‖w‖², which the caller has
    /// just written into <see cref="SquaredNorms"/> (computed as in <see cref="RefreshNorms"/>).
    /// </summary>
    public void FinishNorms(int p)
    {
        int u = p * Lanes;
        if (u + Lanes <= Units && Isa != KernelIsa.Scalar)
        {
            // No padding in this panel: −1/‖w‖ as vectors (IEEE square root and division, the bits of the scalar
            // form below), 0 where ‖w‖² = 0; bias 0.
            switch (Isa)
            {
                case KernelIsa.Vector512:
                    VectorCosineScale<Lanes512, Vector512<float>>(u);
                    break;
                case KernelIsa.Vector256:
                    VectorCosineScale<Lanes256, Vector256<float>>(u);
                    break;
                default:
                    VectorCosineScale<Lanes128, Vector128<float>>(u);
                    break;
            }
            CosineBias.AsSpan(u, Lanes).Clear();
            return;
        }
        Span<float> squares = SquaredNorms.AsSpan(u, Lanes);
        for (int l = 0; l < Lanes; l++)
        {
            int j = u + l;
            bool padding = j >= Units;
            if (padding) squares[l] = float.PositiveInfinity;
            CosineScale[j] = padding ? 0f : ExpandedDistance.UnitCosineScale(squares[l]);
            CosineBias[j] = padding ? float.PositiveInfinity : 0f;
        }
    }

    /// <summary>CosineScale[u … u + 31] = ‖w‖² = 0 ? 0 : −1/√‖w‖², a vector at a time (<see cref="ExpandedDistance.UnitCosineScale"/>'s operations).</summary>
    private void VectorCosineScale<TLanes, TVector>(int u)
        where TLanes : struct, IFloatLanes<TVector> where TVector : struct
    {
        var minusOne = TLanes.Broadcast(-1f);
        fixed (float* squares = &SquaredNorms[u])
        fixed (float* scale = &CosineScale[u])
        {
            for (int h = 0; h < Lanes; h += TLanes.Count)
            {
                var ww = TLanes.Load(squares + h);
                TLanes.Store(TLanes.ZeroWhereZero(ww, TLanes.Divide(minusOne, TLanes.Sqrt(ww))), scale + h);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => Weights.Dispose();
}
