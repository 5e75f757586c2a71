using System.Reflection;

namespace PluginDb.Build.Engine;

/// <summary>A <see cref="ParameterAttribute"/> member of a loaded build.</summary>
internal sealed class BuildParameter
{
    private readonly MemberInfo _member;

    public BuildParameter(MemberInfo member, ParameterAttribute attribute, bool isSecret, Type memberType, object? defaultValue)
    {
        _member = member;
        Name = attribute.Name ?? Naming.Kebab(member.Name);
        Description = attribute.Description;
        IsSecret = isSecret;
        EnumType = Nullable.GetUnderlyingType(memberType) ?? memberType;
        Kind = KindOf(EnumType)
            ?? throw new UsageException(
                $"Parameter {member.DeclaringType?.Name}.{member.Name} has type {memberType.Name}; "
                + "supported are string, bool, int, TimeSpan, enums and string[].");
        DefaultValue = defaultValue;
    }

    /// <summary>The kebab-case name, without the leading dashes.</summary>
    public string Name { get; }

    public string OptionName => "--" + Name;

    public string EnvironmentVariable => Naming.EnvironmentVariable(Name);

    public string Description { get; }

    public bool IsSecret { get; }

    public ParameterKind Kind { get; }

    /// <summary>The member's type without <see cref="Nullable{T}"/>: the enum type for <see cref="ParameterKind.Enum"/>.</summary>
    public Type EnumType { get; }

    /// <summary>The value the member held before binding (its initializer).</summary>
    public object? DefaultValue { get; }

    public void SetValue(BuildBase build, object? value)
    {
        switch (_member)
        {
            case FieldInfo field:
                field.SetValue(build, value);
                break;
            case PropertyInfo property:
                property.SetValue(build, value);
                break;
        }
    }

    private static ParameterKind? KindOf(Type type) =>
        type == typeof(string) ? ParameterKind.String
        : type == typeof(bool) ? ParameterKind.Boolean
        : type == typeof(int) ? ParameterKind.Integer
        : type == typeof(TimeSpan) ? ParameterKind.Duration
        : type == typeof(string[]) ? ParameterKind.StringArray
        : type.IsEnum ? ParameterKind.Enum
        : null;
}
