using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace PluginDb.Build.Engine;

/// <summary>The targets and parameters of a build instance, read by reflection over its type.</summary>
internal sealed class BuildModel
{
    private const BindingFlags InstanceMembers = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private BuildModel(BuildBase build, IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<BuildParameter> parameters, ExecutableTarget? defaultTarget)
    {
        Build = build;
        Targets = targets;
        Parameters = parameters;
        DefaultTarget = defaultTarget;
    }

    public BuildBase Build { get; }

    /// <summary>All targets, in declaration order.</summary>
    public IReadOnlyList<ExecutableTarget> Targets { get; }

    /// <summary>All parameters, by name.</summary>
    public IReadOnlyList<BuildParameter> Parameters { get; }

    public ExecutableTarget? DefaultTarget { get; }

    public static BuildModel Load(BuildBase build)
    {
        // BuildBase's [DynamicallyAccessedMembers] keeps these members on every derived type when trimming.
        var buildType = build.GetType();
        var targets = LoadTargets(build, buildType, out var byDelegate);
        var defaultTarget = build.DefaultTarget is { } target ? Resolve(byDelegate, target, "Default") : null;
        return new BuildModel(build, targets, LoadParameters(build, buildType), defaultTarget);
    }

    public ExecutableTarget? FindTarget(string name) =>
        Targets.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public BuildParameter? FindParameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static List<ExecutableTarget> LoadTargets(
        BuildBase build,
        [DynamicallyAccessedMembers(BuildBase.ReflectedMembers)] Type buildType,
        out Dictionary<Target, ExecutableTarget> byDelegate)
    {
        // Loops and in-place sorts here rather than LINQ: this runs on every call of the tool, and each
        // LINQ operator's first use costs start-up time (an int-keyed OrderBy is even compiled by the JIT).
        var properties = new List<PropertyInfo>();
        foreach (var property in buildType.GetProperties(InstanceMembers))
        {
            if (property.PropertyType == typeof(Target) && property.GetIndexParameters().Length == 0
                && property.GetMethod is { } getter && getter.GetBaseDefinition().DeclaringType != typeof(BuildBase))
            {
                properties.Add(property);
            }
        }
        // Declaration order. The JIT runtime's reflection does not promise it, so its metadata tokens
        // give it; a native (ahead-of-time) build has no tokens, and lists members in metadata order.
        if (RuntimeFeature.IsDynamicCodeSupported)
        {
            properties.Sort((a, b) => a.MetadataToken.CompareTo(b.MetadataToken));
        }

        // A property's getter builds a new delegate on every call, but for the same lambda on the same
        // build the delegates are equal (same method, same target), so they identify the target.
        byDelegate = [];
        var targets = new List<ExecutableTarget>();
        foreach (var property in properties)
        {
            var factory = (Target?)property.GetValue(build)
                ?? throw new UsageException($"Target {property.Name} is null.");
            if (byDelegate.TryGetValue(factory, out var existing))
            {
                throw new UsageException($"Targets {existing.Name} and {property.Name} are the same delegate; declare each with its own lambda.");
            }

            var definition = new TargetDefinition();
            factory(definition);
            var target = new ExecutableTarget(property.Name, targets.Count, definition);
            byDelegate.Add(factory, target);
            targets.Add(target);
        }

        foreach (var target in targets)
        {
            var definition = target.Definition;
            foreach (var dependency in definition.Dependencies)
            {
                target.AddDependency(Resolve(byDelegate, dependency, target.Name));
            }

            foreach (var earlier in definition.AfterTargets)
            {
                target.AddRunsAfter(Resolve(byDelegate, earlier, target.Name));
            }

            foreach (var later in definition.BeforeTargets)
            {
                Resolve(byDelegate, later, target.Name).AddRunsAfter(target);
            }

            foreach (var triggered in definition.TriggerTargets)
            {
                target.AddTrigger(Resolve(byDelegate, triggered, target.Name));
            }

            foreach (var trigger in definition.TriggeredByTargets)
            {
                Resolve(byDelegate, trigger, target.Name).AddTrigger(target);
            }
        }

        return targets;
    }

    private static ExecutableTarget Resolve(Dictionary<Target, ExecutableTarget> byDelegate, Target target, string referencedFrom) =>
        byDelegate.TryGetValue(target, out var resolved)
            ? resolved
            : throw new UsageException($"{referencedFrom} refers to a target that is not a Target property of the build.");

    private static List<BuildParameter> LoadParameters(BuildBase build, [DynamicallyAccessedMembers(BuildBase.ReflectedMembers)] Type buildType)
    {
        // inherit: false reads the member's own attributes; with inherit: true reflection also
        // instantiates each attribute type's AttributeUsage, compiling an invoke stub on every start.
        var parameters = new List<BuildParameter>();
        foreach (var field in buildType.GetFields(InstanceMembers))
        {
            if (field.GetCustomAttribute<ParameterAttribute>(inherit: false) is { } attribute)
            {
                parameters.Add(new BuildParameter(field, attribute, field.IsDefined(typeof(SecretAttribute), inherit: false), field.FieldType, field.GetValue(build)));
            }
        }

        foreach (var property in buildType.GetProperties(InstanceMembers))
        {
            if (property.GetCustomAttribute<ParameterAttribute>(inherit: false) is not { } attribute)
            {
                continue;
            }

            if (property.SetMethod is null)
            {
                throw new UsageException($"Parameter {property.Name} needs a setter (init is enough).");
            }

            parameters.Add(new BuildParameter(property, attribute, property.IsDefined(typeof(SecretAttribute), inherit: false), property.PropertyType, property.GetValue(build)));
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parameters)
        {
            if (!names.Add(parameter.Name) && names.TryGetValue(parameter.Name, out var first))
            {
                throw new UsageException($"Two parameters are named --{first}.");
            }
        }

        // Names differ (even ignoring case), so the unstable sort gives one order.
        parameters.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return parameters;
    }
}
