namespace PluginDb.Build.Engine;

/// <summary>The fluent description of a target, shaped like Nuke's so the engine can be swapped for it.</summary>
public interface ITargetDefinition
{
    /// <summary>The one-line description shown by <c>--help</c>.</summary>
    ITargetDefinition Description(string description);

    /// <summary>Targets that must run (and succeed) before this one; they join the plan with it.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>When the given targets are in the plan too, this one runs after them; none of them is added.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>When the given targets are in the plan too, this one runs before them; none of them is added.</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>The given targets join the plan whenever this one is in it, and run after it.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>This target joins the plan whenever one of the given targets is in it, and runs after them.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);

    /// <summary>Work done by the target; several calls run in the order given.</summary>
    ITargetDefinition Executes(Action action);

    /// <summary>Work done by the target, given the run's cancellation token.</summary>
    ITargetDefinition Executes(Func<CancellationToken, Task> action);

    /// <summary>A condition checked just before the target runs; when one is false the target is skipped.</summary>
    ITargetDefinition OnlyWhen(Func<bool> condition);

    /// <summary>The target runs even after an earlier target failed or the run was cancelled.</summary>
    ITargetDefinition AssuredAfterFailure();

    /// <summary>When this target fails, the targets after it still run (unless they depend on it).</summary>
    ITargetDefinition ProceedAfterFailure();

    /// <summary>The target is left out of <c>--help</c>; it can still be run by name.</summary>
    ITargetDefinition Unlisted();
}
