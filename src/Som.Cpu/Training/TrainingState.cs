namespace Som;

/// <summary>
/// Where a run stands between two steps: epochs finished, samples of the current (online) epoch finished, and the
/// visiting-order generator as it was at the start of the current epoch, so resuming mid-epoch draws that epoch's
/// order again. A batch run is always at an epoch boundary (<see cref="Sample"/> = 0).
/// </summary>
/// <param name="Epoch">Epochs finished (0 … epochs).</param>
/// <param name="Sample">Samples of epoch <see cref="Epoch"/> already trained (online; 0 … N − 1).</param>
/// <param name="OrderRng">The four xoshiro256** words of the visiting-order generator at the start of epoch <see cref="Epoch"/>.</param>
internal sealed record TrainingState(int Epoch, int Sample, ulong[] OrderRng)
{
    /// <summary>Global step reached: epochs for a batch run, samples (epoch × N + sample) for an online run.</summary>
    public long Step(SomOptions options, int samples) =>
        options.Mode == TrainingMode.Batch ? Epoch : (long)Epoch * samples + Sample;

    /// <summary>Whether the run is finished.</summary>
    public bool Done(SomOptions options) => Epoch >= options.Epochs;
}
