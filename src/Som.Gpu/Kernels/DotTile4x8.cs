using ILGPU;

namespace Som.Gpu.Kernels;

/// <summary>
/// A register micro-tile of the tiled distance + BMU kernels (<see cref="TiledBmuKernels"/>): dot products of 4 samples
/// × 8 units, C_ij = Σ_f x_i[f]·w_j[f], each one multiply-add chain in feature order (docs/contract.md §5). The 8
/// units are two groups of 4 (a: units a … a+3, b: units b … b+3). Thirty-two named fields rather than an array, so
/// the accumulators stay in registers on every backend.
/// </summary>
internal struct DotTile4x8
{
    public float C00, C01, C02, C03, C04, C05, C06, C07, C10, C11, C12, C13, C14, C15, C16, C17, C20, C21, C22, C23, C24, C25, C26, C27, C30, C31, C32, C33, C34, C35, C36, C37;

    /// <summary>C_ij += x_i·w_j for one feature: x holds samples 0…3, a units 0…3 and b units 4…7.</summary>
    public void Step(Float4 x, Float4 a, Float4 b)
    {
        C00 += x.X * a.X; C01 += x.X * a.Y; C02 += x.X * a.Z; C03 += x.X * a.W;
        C04 += x.X * b.X; C05 += x.X * b.Y; C06 += x.X * b.Z; C07 += x.X * b.W;
        C10 += x.Y * a.X; C11 += x.Y * a.Y; C12 += x.Y * a.Z; C13 += x.Y * a.W;
        C14 += x.Y * b.X; C15 += x.Y * b.Y; C16 += x.Y * b.Z; C17 += x.Y * b.W;
        C20 += x.Z * a.X; C21 += x.Z * a.Y; C22 += x.Z * a.Z; C23 += x.Z * a.W;
        C24 += x.Z * b.X; C25 += x.Z * b.Y; C26 += x.Z * b.Z; C27 += x.Z * b.W;
        C30 += x.W * a.X; C31 += x.W * a.Y; C32 += x.W * a.Z; C33 += x.W * a.W;
        C34 += x.W * b.X; C35 += x.W * b.Y; C36 += x.W * b.Z; C37 += x.W * b.W;
    }

    /// <summary>
    /// Offers the tile's 8 units to the running best of its 4 samples: units <paramref name="unita"/> … +3 and
    /// <paramref name="unitb"/> … +3, those below <paramref name="m"/> only.
    /// </summary>
    public readonly void OfferTo<TRank>(ref BestOfFour best, ArrayView<float> wTerms, int unita, int unitb, int m, int cosine)
        where TRank : struct, IBmuRank
    {
        best.Offer<TRank>(C00, C10, C20, C30, wTerms, unita + 0, m, cosine);
        best.Offer<TRank>(C01, C11, C21, C31, wTerms, unita + 1, m, cosine);
        best.Offer<TRank>(C02, C12, C22, C32, wTerms, unita + 2, m, cosine);
        best.Offer<TRank>(C03, C13, C23, C33, wTerms, unita + 3, m, cosine);
        best.Offer<TRank>(C04, C14, C24, C34, wTerms, unitb + 0, m, cosine);
        best.Offer<TRank>(C05, C15, C25, C35, wTerms, unitb + 1, m, cosine);
        best.Offer<TRank>(C06, C16, C26, C36, wTerms, unitb + 2, m, cosine);
        best.Offer<TRank>(C07, C17, C27, C37, wTerms, unitb + 3, m, cosine);
    }
}
