namespace Som;

/// <summary>An exact t-SNE embedding (docs/contract.md §14).</summary>
/// <param name="X">First coordinate of each point, centred.</param>
/// <param name="Y">Second coordinate of each point, centred.</param>
/// <param name="Perplexity">The perplexity used (the requested one, capped for small M).</param>
/// <param name="Iterations">Gradient steps taken.</param>
/// <param name="LearningRate">The step size used.</param>
/// <param name="KlDivergence">KL(P‖Q) of the final embedding, with the unexaggerated P.</param>
/// <param name="Trace">KL(P‖Q) after each recorded step (step 0 = the random start).</param>
internal sealed record TsneResult(double[] X, double[] Y, double Perplexity, int Iterations, double LearningRate, double KlDivergence,
    IReadOnlyList<(int Iteration, double Kl)> Trace);
