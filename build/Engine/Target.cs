namespace PluginDb.Build.Engine;

/// <summary>
/// A target, declared as an expression-bodied property of a build:
/// <c>Target Compile =&gt; _ =&gt; _.DependsOn(Restore).Executes(…);</c>
/// The delegate only describes the target; the engine calls it once to read the definition.
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);
