namespace PluginDb.Build.Engine;

/// <summary>A target of a loaded build, with its relations resolved to other targets.</summary>
internal sealed class ExecutableTarget(string name, int index, TargetDefinition definition)
{
    private readonly List<ExecutableTarget> _dependencies = [];
    private readonly List<ExecutableTarget> _runsAfter = [];
    private readonly List<ExecutableTarget> _triggers = [];

    public string Name { get; } = name;

    /// <summary>Position in declaration order; ties in the plan are broken by it.</summary>
    public int Index { get; } = index;

    public TargetDefinition Definition { get; } = definition;

    public string? Description => Definition.DescriptionText;

    public bool IsAssuredAfterFailure => Definition.IsAssuredAfterFailure;

    public IReadOnlyList<ExecutableTarget> Dependencies => _dependencies;

    /// <summary>Targets this one must follow when both are planned (its <c>After</c>, and others' <c>Before</c> it).</summary>
    public IReadOnlyList<ExecutableTarget> RunsAfter => _runsAfter;

    /// <summary>Targets that join the plan after this one (its <c>Triggers</c>, and others' <c>TriggeredBy</c> it).</summary>
    public IReadOnlyList<ExecutableTarget> Triggers => _triggers;

    internal void AddDependency(ExecutableTarget target) => AddOnce(_dependencies, target);

    internal void AddRunsAfter(ExecutableTarget target) => AddOnce(_runsAfter, target);

    internal void AddTrigger(ExecutableTarget target) => AddOnce(_triggers, target);

    public override string ToString() => Name;

    private static void AddOnce(List<ExecutableTarget> list, ExecutableTarget target)
    {
        if (!list.Contains(target))
        {
            list.Add(target);
        }
    }
}
