using Som.Cpu;

namespace Som;

/// <summary>
/// The knobs of an exact t-SNE run (<see cref="Tsne"/>, docs/contract.md §14). The defaults are those of the
/// common implementations: perplexity 30, early exaggeration 12 for the first 250 iterations, 750 iterations in all,
/// learning rate max(M / (4·exaggeration), 50).
/// </summary>
internal sealed record TsneSettings
{
    /// <summary>Target perplexity of each row of P, ≥ 1; capped at max(1, (M − 1)/3) for small M.</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Gradient steps in all, ≥ 1 (the exaggerated ones included).</summary>
    public int Iterations { get; init; } = 750;

    /// <summary>Factor on P in the first <see cref="ExaggerationIterations"/> steps, ≥ 1.</summary>
    public double Exaggeration { get; init; } = 12;

    /// <summary>Steps with exaggerated P and momentum 0.5, 0 … <see cref="Iterations"/>; momentum 0.8 after them.</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Step size η, &gt; 0; 0 picks max(M / (4·exaggeration), 50).</summary>
    public double LearningRate { get; init; }

    /// <summary>Seed of the random start (docs/contract.md §9).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Threads over rows, 0 = all cores; the result does not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Instruction set of the pair loops; every one gives the same bits.</summary>
    public KernelIsa Isa { get; init; } = KernelIsa.Auto;

    /// <summary>Record KL(P‖Q) every this many steps (and at step 0 and the end); 0 records the end only.</summary>
    public int TraceEvery { get; init; }
}
