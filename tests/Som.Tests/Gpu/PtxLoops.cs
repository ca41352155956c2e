using System.Text.RegularExpressions;

namespace Som.Tests.Gpu;

/// <summary>
/// Reads the loops of one PTX kernel: basic blocks (a label starts one, a branch or return ends one), the control
/// flow graph, dominators, and the natural loop of every back edge (an edge to a block that dominates its source).
/// Counts are static (instructions written in the loop's own blocks, not inside a nested loop), by kind.
/// </summary>
internal sealed partial class PtxLoops
{
    /// <summary>The instruction kinds counted, with the pattern that recognises each.</summary>
    public static readonly (string Kind, Regex Pattern)[] Kinds =
    [
        ("mul.f32", MulF32()), ("add.f32", AddF32()), ("fma.rn.f32", FmaF32()),
        ("ld.shared.f32", new Regex(@"^ld\.shared\.f32\b")), ("ld.shared.v2.f32", new Regex(@"^ld\.shared\.v2\.f32\b")),
        ("ld.shared.v4.f32", new Regex(@"^ld\.shared\.v4\.f32\b")),
        // Loads of kernel buffers: ld.global…, or generic ld.… (ILGPU's views in generic space), not param/shared/local.
        ("ld.global.f32", new Regex(@"^ld(\.global)?(\.nc)?\.f32\b")), ("ld.global.v2.f32", new Regex(@"^ld(\.global)?(\.nc)?\.v2\.f32\b")),
        ("ld.global.v4.f32", new Regex(@"^ld(\.global)?(\.nc)?\.v4\.f32\b")),
        ("st.shared", new Regex(@"^st\.shared\.")), ("bar.sync", new Regex(@"^bar\.sync\b")),
    ];

    private PtxLoops(List<Loop> loops) => All = loops;

    /// <summary>The loops, innermost first.</summary>
    public IReadOnlyList<Loop> All { get; }

    /// <summary>One natural loop: its header label, nesting depth (1 = outermost), and its own instruction counts.</summary>
    public sealed record Loop(string Header, int Depth, bool HasInnerLoop, IReadOnlyDictionary<string, int> Counts)
    {
        public int this[string kind] => Counts.TryGetValue(kind, out int c) ? c : 0;
    }

    /// <summary>The innermost loop with the most float multiplies: the kernel's multiply-add loop.</summary>
    public Loop MultiplyAddLoop => All.Where(l => !l.HasInnerLoop).OrderByDescending(l => l["mul.f32"] + l["fma.rn.f32"]).First();

    /// <summary>The loop that directly encloses <paramref name="loop"/>, or null.</summary>
    public Loop? Parent(Loop loop) => _parents.TryGetValue(loop, out var p) ? p : null;

    /// <summary>The loops directly inside <paramref name="loop"/>.</summary>
    public IEnumerable<Loop> Children(Loop loop) => All.Where(l => Parent(l) == loop);

    private readonly Dictionary<Loop, Loop> _parents = [];

    public static PtxLoops Parse(string ptx)
    {
        // Basic blocks over the instruction lines of the (single) entry's body.
        var blocks = new List<(string Label, List<string> Lines)>();
        var current = (Label: "entry", Lines: new List<string>());
        int body = ptx.IndexOf(".entry", StringComparison.Ordinal);
        foreach (string raw in ptx[body..].Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)) continue;
            var label = LabelLine().Match(line);
            if (label.Success)
            {
                blocks.Add(current);
                current = (label.Groups[1].Value, []);
                continue;
            }
            current.Lines.Add(line);
            if (Branch().IsMatch(line) || line.StartsWith("ret", StringComparison.Ordinal))
            {
                blocks.Add(current);
                current = ($"after-{blocks.Count}", []);
            }
        }
        blocks.Add(current);
        int n = blocks.Count;
        var index = new Dictionary<string, int>();
        for (int b = 0; b < n; b++) index.TryAdd(blocks[b].Label, b);
        var successors = new List<int>[n];
        for (int b = 0; b < n; b++)
        {
            successors[b] = [];
            string? last = blocks[b].Lines.Count > 0 ? blocks[b].Lines[^1] : null;
            var branch = last is null ? Match.Empty : Branch().Match(last);
            if (branch.Success)
            {
                successors[b].Add(index[branch.Groups[2].Value]);
                if (branch.Groups[1].Success && b + 1 < n) successors[b].Add(b + 1); // predicated: may fall through
            }
            else if (last is null || !last.StartsWith("ret", StringComparison.Ordinal))
            {
                if (b + 1 < n) successors[b].Add(b + 1);
            }
        }

        // Dominators by the iterative data-flow algorithm (a few hundred blocks), over the blocks reachable from the
        // entry (the code after an unconditional branch may be unreachable, and must not meet into the dominators).
        var reachable = new HashSet<int>();
        var work = new Stack<int>([0]);
        while (work.Count > 0)
        {
            int b = work.Pop();
            if (reachable.Add(b)) foreach (int s in successors[b]) work.Push(s);
        }
        var predecessors = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        for (int b = 0; b < n; b++)
            if (reachable.Contains(b)) foreach (int s in successors[b]) predecessors[s].Add(b);
        var dom = new HashSet<int>[n];
        dom[0] = [0];
        for (int b = 1; b < n; b++) dom[b] = [.. Enumerable.Range(0, n)];
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int b = 1; b < n; b++)
            {
                HashSet<int>? meet = null;
                foreach (int p in predecessors[b])
                {
                    if (meet is null) meet = [.. dom[p]];
                    else meet.IntersectWith(dom[p]);
                }
                meet ??= [];
                meet.Add(b);
                if (!meet.SetEquals(dom[b]))
                {
                    dom[b] = meet;
                    changed = true;
                }
            }
        }

        // Natural loops, one per header (back edges to the same header merged).
        var bodies = new Dictionary<int, HashSet<int>>();
        for (int b = 0; b < n; b++)
        {
            if (!reachable.Contains(b)) continue;
            foreach (int h in successors[b])
            {
                if (!dom[b].Contains(h)) continue;
                if (!bodies.TryGetValue(h, out var loop)) bodies[h] = loop = [h];
                var stack = new Stack<int>([b]);
                while (stack.Count > 0)
                {
                    int x = stack.Pop();
                    if (!loop.Add(x)) continue;
                    foreach (int p in predecessors[x]) stack.Push(p);
                }
            }
        }
        var headers = bodies.Keys.OrderBy(h => bodies[h].Count).ToList();
        var loops = new List<Loop>();
        var byHeader = new Dictionary<int, Loop>();
        foreach (int h in headers)
        {
            var own = new HashSet<int>(bodies[h]);
            bool inner = false;
            foreach (int other in headers)
            {
                if (other == h || !bodies[h].Contains(other) || !bodies[other].IsSubsetOf(bodies[h])) continue;
                own.ExceptWith(bodies[other]);
                inner = true;
            }
            int depth = headers.Count(o => bodies[o].Contains(h) && bodies[h].IsSubsetOf(bodies[o]));
            var counts = new Dictionary<string, int>();
            foreach (int b in own)
            {
                foreach (string line in blocks[b].Lines)
                {
                    string op = Predicate().Replace(line, "");
                    foreach (var (kind, pattern) in Kinds)
                        if (pattern.IsMatch(op)) counts[kind] = counts.GetValueOrDefault(kind) + 1;
                }
            }
            var loop = new Loop(blocks[h].Label, depth, inner, counts);
            loops.Add(loop);
            byHeader[h] = loop;
        }
        var result = new PtxLoops(loops);
        foreach (int h in headers)
        {
            int? parent = headers.Where(o => o != h && bodies[o].Contains(h) && bodies[h].IsSubsetOf(bodies[o]))
                .OrderBy(o => bodies[o].Count).Select(o => (int?)o).FirstOrDefault();
            if (parent is { } p) result._parents[byHeader[h]] = byHeader[p];
        }
        return result;
    }

    [GeneratedRegex(@"^([A-Za-z_$][\w$]*):$")]
    private static partial Regex LabelLine();

    [GeneratedRegex(@"^(@!?%p\d+\s+)?bra(?:\.uni)?\s+([\w$]+);")]
    private static partial Regex Branch();

    [GeneratedRegex(@"^@!?%p\d+\s+")]
    private static partial Regex Predicate();

    [GeneratedRegex(@"^mul(\.rn|\.ftz)*\.f32\b")]
    private static partial Regex MulF32();

    [GeneratedRegex(@"^add(\.rn|\.ftz)*\.f32\b")]
    private static partial Regex AddF32();

    [GeneratedRegex(@"^fma\.rn(\.ftz)?\.f32\b")]
    private static partial Regex FmaF32();
}
