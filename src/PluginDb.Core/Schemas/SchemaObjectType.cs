namespace PluginDb.Core.Schemas;

/// <summary>The kind of schema object a difference is about; the declaration order is the report order within a table.</summary>
public enum SchemaObjectType
{
    Table,
    Column,
    PrimaryKey,
    Index,
    UniqueConstraint,
    ForeignKey,
    Check,
    Enum,
    EnumValue,
    View,
    Sequence,
}
