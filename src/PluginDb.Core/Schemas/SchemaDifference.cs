namespace PluginDb.Core.Schemas;

/// <summary>
/// One way the actual schema (the database) departs from the expected one (what the migrations create).
/// <see cref="Path"/> names the object (<c>User</c>, <c>User.email</c>, <c>Role.ADMIN</c>);
/// <see cref="Table"/> is the table it belongs to, null for enums, views and sequences. For
/// <see cref="DifferenceKind.Changed"/>, <see cref="Property"/>, <see cref="Expected"/> and
/// <see cref="Actual"/> say what differs; <see cref="Message"/> says all of it in a sentence.
/// </summary>
public sealed record SchemaDifference(
    DifferenceKind Kind,
    SchemaObjectType ObjectType,
    string? Table,
    string Path,
    string? Property,
    string? Expected,
    string? Actual,
    string Message);
