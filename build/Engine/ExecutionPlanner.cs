namespace PluginDb.Build.Engine;

/// <summary>Orders the targets a run needs: dependencies first, ties broken by declaration order.</summary>
internal static class ExecutionPlanner
{
    public static IReadOnlyList<ExecutableTarget> Plan(IReadOnlyList<ExecutableTarget> requested)
    {
        var planned = Close(requested);

        // Edges point from a target to the ones that must run before it.
        var predecessors = planned.ToDictionary(t => t, t => new HashSet<ExecutableTarget>());
        foreach (var target in planned)
        {
            predecessors[target].UnionWith(target.Dependencies);
            predecessors[target].UnionWith(target.RunsAfter.Where(planned.Contains));
            foreach (var triggered in target.Triggers)
            {
                predecessors[triggered].Add(target);
            }
        }

        var order = new List<ExecutableTarget>(planned.Count);
        var ready = new SortedSet<ExecutableTarget>(
            planned.Where(t => predecessors[t].Count == 0),
            Comparer<ExecutableTarget>.Create((a, b) => a.Index.CompareTo(b.Index)));
        // A target is ready once its last predecessor ran; what is left in the sets afterwards is a cycle.
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            order.Add(next);
            foreach (var target in planned)
            {
                if (predecessors[target].Remove(next) && predecessors[target].Count == 0)
                {
                    ready.Add(target);
                }
            }
        }

        if (order.Count < planned.Count)
        {
            var stuck = planned.Where(t => !order.Contains(t)).ToHashSet();
            throw new UsageException($"The targets form a cycle: {string.Join(" -> ", FindCycle(stuck, predecessors))}.");
        }

        return order;
    }

    /// <summary>The requested targets with everything they depend on and everything they trigger.</summary>
    private static HashSet<ExecutableTarget> Close(IReadOnlyList<ExecutableTarget> requested)
    {
        var planned = new HashSet<ExecutableTarget>();
        var pending = new Stack<ExecutableTarget>(requested);
        while (pending.Count > 0)
        {
            var target = pending.Pop();
            if (!planned.Add(target))
            {
                continue;
            }

            foreach (var related in target.Dependencies.Concat(target.Triggers))
            {
                pending.Push(related);
            }
        }

        return planned;
    }

    /// <summary>One cycle among <paramref name="stuck"/>, written in run order and closed: A -> B -> A.</summary>
    private static List<string> FindCycle(HashSet<ExecutableTarget> stuck, Dictionary<ExecutableTarget, HashSet<ExecutableTarget>> predecessors)
    {
        // Every stuck target waits for another stuck target, so walking back must revisit one.
        var path = new List<ExecutableTarget>();
        var current = stuck.MinBy(t => t.Index)!;
        while (!path.Contains(current))
        {
            path.Add(current);
            current = predecessors[current].Where(stuck.Contains).MinBy(t => t.Index)!;
        }

        var cycle = path.Skip(path.IndexOf(current)).Reverse().Select(t => t.Name).ToList();
        cycle.Add(cycle[0]);
        return cycle;
    }
}
