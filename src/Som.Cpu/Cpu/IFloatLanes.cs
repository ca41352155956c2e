namespace Som.Cpu;

/// <summary>
/// The float vector operations of the generic kernels, for one vector width: implemented by
/// <see cref="Lanes512"/>, <see cref="Lanes256"/> and <see cref="Lanes128"/>, each a thin, inlined wrapper over
/// <c>Vector512</c>, <c>Vector256</c> or <c>Vector128</c>. A kernel written once over <typeparamref name="TVector"/>
/// is compiled separately for each (the type arguments are structs), so it runs the same code as if written by
/// hand for that width, and every lane computes the same IEEE operations: the same bits on every width.
/// <see cref="FusedMultiplyAdd"/> is one rounding on every width (a hardware FMA where
/// <see cref="KernelIsaSupport"/> allows the width).
/// </summary>
/// <typeparam name="TVector">The vector type (<c>Vector128&lt;float&gt;</c>, …).</typeparam>
internal unsafe interface IFloatLanes<TVector> where TVector : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes 0.</summary>
    static abstract TVector Zero { get; }

    /// <summary>All lanes 1.</summary>
    static abstract TVector One { get; }

    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TVector Broadcast(float value);

    /// <summary>Count floats from <paramref name="source"/> (any alignment).</summary>
    static abstract TVector Load(float* source);

    /// <summary>Count floats to <paramref name="destination"/> (any alignment).</summary>
    static abstract void Store(TVector value, float* destination);

    /// <summary>a·b + c, rounded once.</summary>
    static abstract TVector FusedMultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>a + b.</summary>
    static abstract TVector Add(TVector a, TVector b);

    /// <summary>a − b.</summary>
    static abstract TVector Subtract(TVector a, TVector b);

    /// <summary>a·b.</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>a / b.</summary>
    static abstract TVector Divide(TVector a, TVector b);

    /// <summary>max(a, b) per lane, NaN where either is NaN (as <see cref="MathF.Max"/>).</summary>
    static abstract TVector Max(TVector a, TVector b);

    /// <summary>√a per lane, correctly rounded.</summary>
    static abstract TVector Sqrt(TVector a);

    /// <summary>0 where <paramref name="test"/> is 0, <paramref name="value"/> elsewhere.</summary>
    static abstract TVector ZeroWhereZero(TVector test, TVector value);
}
