namespace Som;

/// <summary>
/// The meeting point of a <see cref="LocalGroup"/>'s communicators: each collective is one round in which every rank
/// leaves its contribution; the last to arrive combines them in rank order (never by arrival) and wakes the others,
/// who read the round's result. A rank that waits longer than the timeout, or a group that was aborted, fails the
/// round for everyone with <see cref="TimeoutException"/> (or the abort's reason) instead of waiting for ever.
/// </summary>
internal sealed class LocalRendezvous(int size, TimeSpan timeout)
{
    private readonly object _gate = new();
    private Round _current = new(size);
    private Exception? _broken;

    /// <summary>Ranks in the group.</summary>
    public int Size { get; } = size;

    /// <summary>How long a rank waits for the others in one collective.</summary>
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>
    /// Leaves <paramref name="contribution"/> for rank <paramref name="rank"/> in collective <paramref name="name"/> and
    /// returns what <paramref name="combine"/> made of all ranks' contributions (index = rank).
    /// </summary>
    public object Exchange(int rank, string name, object contribution, Func<object[], object> combine)
    {
        lock (_gate)
        {
            if (_broken is not null) throw Failed(name, rank);
            var round = _current;
            if (round.Name is null) round.Name = name;
            else if (round.Name != name)
            {
                Break(new InvalidOperationException($"rank {rank} called {name} while other ranks called {round.Name}: every rank must call the same collectives in the same order"));
                throw Failed(name, rank);
            }
            round.Slots[rank] = contribution;
            round.Arrived++;
            if (round.Arrived == Size)
            {
                try
                {
                    round.Result = combine(round.Slots!);
                }
                catch (Exception e)
                {
                    Break(e);
                    throw;
                }
                round.Done = true;
                _current = new Round(Size);
                Monitor.PulseAll(_gate);
                return round.Result;
            }
            var deadline = DateTime.UtcNow + Timeout;
            while (!round.Done && _broken is null)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    var missing = Enumerable.Range(0, Size).Where(r => round.Slots[r] is null).ToList();
                    Break(new TimeoutException(
                        $"{name} on rank {rank} of {Size} timed out after {Timeout.TotalSeconds:0.###} s: rank{(missing.Count == 1 ? "" : "s")} "
                        + $"{string.Join(", ", missing)} never arrived (a rank failed or stopped calling the collectives)"));
                    break;
                }
                Monitor.Wait(_gate, left);
            }
            if (!round.Done) throw Failed(name, rank);
            return round.Result!;
        }
    }

    /// <summary>What broke the group, or null.</summary>
    public Exception? BrokenReason
    {
        get
        {
            lock (_gate) return _broken;
        }
    }

    /// <summary>Fails every waiting and later collective with <paramref name="reason"/> (a rank's thread died).</summary>
    public void Break(Exception reason)
    {
        lock (_gate)
        {
            _broken ??= reason;
            Monitor.PulseAll(_gate);
        }
    }

    private Exception Failed(string name, int rank) => _broken is TimeoutException t
        ? new TimeoutException(t.Message)
        : new TimeoutException($"{name} on rank {rank} of {Size}: the group stopped because another rank failed: {_broken!.Message}", _broken);

    private sealed class Round(int size)
    {
        public object?[] Slots { get; } = new object?[size];
        public int Arrived { get; set; }
        public string? Name { get; set; }
        public object? Result { get; set; }
        public bool Done { get; set; }
    }
}
