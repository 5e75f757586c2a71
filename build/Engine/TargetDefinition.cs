namespace PluginDb.Build.Engine;

/// <summary>What a <see cref="Target"/> delegate declared, collected as it ran.</summary>
internal sealed class TargetDefinition : ITargetDefinition
{
    private readonly List<Func<CancellationToken, Task>> _actions = [];
    private readonly List<Func<bool>> _conditions = [];
    private readonly List<Target> _dependencies = [];
    private readonly List<Target> _after = [];
    private readonly List<Target> _before = [];
    private readonly List<Target> _triggers = [];
    private readonly List<Target> _triggeredBy = [];

    public string? DescriptionText { get; private set; }
    public bool IsAssuredAfterFailure { get; private set; }
    public bool IsProceedAfterFailure { get; private set; }
    public bool IsUnlisted { get; private set; }
    public IReadOnlyList<Func<CancellationToken, Task>> Actions => _actions;
    public IReadOnlyList<Func<bool>> Conditions => _conditions;
    public IReadOnlyList<Target> Dependencies => _dependencies;
    public IReadOnlyList<Target> AfterTargets => _after;
    public IReadOnlyList<Target> BeforeTargets => _before;
    public IReadOnlyList<Target> TriggerTargets => _triggers;
    public IReadOnlyList<Target> TriggeredByTargets => _triggeredBy;

    public ITargetDefinition Description(string description)
    {
        DescriptionText = description;
        return this;
    }

    public ITargetDefinition DependsOn(params Target[] targets) => Add(_dependencies, targets);

    public ITargetDefinition After(params Target[] targets) => Add(_after, targets);

    public ITargetDefinition Before(params Target[] targets) => Add(_before, targets);

    public ITargetDefinition Triggers(params Target[] targets) => Add(_triggers, targets);

    public ITargetDefinition TriggeredBy(params Target[] targets) => Add(_triggeredBy, targets);

    public ITargetDefinition Executes(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _actions.Add(_ =>
        {
            action();
            return Task.CompletedTask;
        });
        return this;
    }

    public ITargetDefinition Executes(Func<CancellationToken, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _actions.Add(action);
        return this;
    }

    public ITargetDefinition OnlyWhen(Func<bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        _conditions.Add(condition);
        return this;
    }

    public ITargetDefinition AssuredAfterFailure()
    {
        IsAssuredAfterFailure = true;
        return this;
    }

    public ITargetDefinition ProceedAfterFailure()
    {
        IsProceedAfterFailure = true;
        return this;
    }

    public ITargetDefinition Unlisted()
    {
        IsUnlisted = true;
        return this;
    }

    private TargetDefinition Add(List<Target> list, Target[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        list.AddRange(targets);
        return this;
    }
}
