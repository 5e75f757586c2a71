using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Tests.Schemas;

public sealed class SchemaNormalizationTests
{
    [Theory]
    [InlineData("int4", "integer")]
    [InlineData("INTEGER", "integer")]
    [InlineData("int8", "bigint")]
    [InlineData("BIGINT", "bigint")]
    [InlineData("varchar(255)", "character varying(255)")]
    [InlineData("character varying(255)", "character varying(255)")]
    [InlineData("VARCHAR", "character varying")]
    [InlineData("timestamp(3)", "timestamp(3) without time zone")]
    [InlineData("timestamp(3) without time zone", "timestamp(3) without time zone")]
    [InlineData("TIMESTAMPTZ(6)", "timestamp(6) with time zone")]
    [InlineData("timestamp with time zone", "timestamp with time zone")]
    [InlineData("bool", "boolean")]
    [InlineData("decimal(65, 30)", "numeric(65,30)")]
    [InlineData("numeric(65,30)", "numeric(65,30)")]
    [InlineData("float8", "double precision")]
    [InlineData("int4[]", "integer[]")]
    [InlineData("text []", "text[]")]
    [InlineData("\"Role\"", "\"Role\"")]
    [InlineData("\"Role\"[]", "\"Role\"[]")]
    [InlineData("jsonb", "jsonb")]
    public void PostgreSQL_type_aliases_have_one_spelling(string type, string canonical) =>
        Assert.Equal(canonical, SchemaNormalization.Type(DatabaseProvider.Postgresql, type));

    [Theory]
    [InlineData("integer", "INTEGER")]
    [InlineData("INT", "INT")]
    [InlineData("datetime", "DATETIME")]
    [InlineData("DECIMAL(10,  2)", "DECIMAL(10, 2)")]
    public void SQLite_types_stay_as_declared_apart_from_case_and_spacing(string type, string canonical) =>
        Assert.Equal(canonical, SchemaNormalization.Type(DatabaseProvider.Sqlite, type));

    [Theory]
    [InlineData("'USER'::\"Role\"", "\"Role\"", "'USER'")]
    [InlineData("'USER'", "\"Role\"", "'USER'")]
    [InlineData("'x'::character varying", "character varying(255)", "'x'")]
    [InlineData("'{}'::text[]", "text[]", "'{}'")]
    [InlineData("(now())", "timestamp(3) without time zone", "CURRENT_TIMESTAMP")]
    [InlineData("now()", "timestamp(3) without time zone", "CURRENT_TIMESTAMP")]
    [InlineData("CURRENT_TIMESTAMP", "timestamp(3) without time zone", "CURRENT_TIMESTAMP")]
    [InlineData("current_timestamp", "timestamp(3) without time zone", "CURRENT_TIMESTAMP")]
    [InlineData("CURRENT_TIMESTAMP(3)", "timestamp(3) without time zone", "CURRENT_TIMESTAMP(3)")]
    [InlineData("'-1'::integer", "integer", "-1")]
    [InlineData("'-1'::integer", "numeric(10,2)", "-1")]
    [InlineData("'1.5'::numeric", "integer", "'1.5'::numeric")]
    [InlineData("0", "integer", "0")]
    [InlineData("false", "boolean", "FALSE")]
    [InlineData("NULL::text", "text", null)]
    [InlineData("NULL", "text", null)]
    [InlineData("'2020-01-01'::date", "timestamp(3) without time zone", "'2020-01-01'::date")]
    [InlineData("'a'::text", "\"Role\"", "'a'::text")]
    [InlineData("gen_random_uuid()", "uuid", "gen_random_uuid()")]
    public void PostgreSQL_defaults_lose_only_what_does_not_change_the_value(string expression, string columnType, string? canonical) =>
        Assert.Equal(canonical, SchemaNormalization.Default(DatabaseProvider.Postgresql, expression, columnType));

    [Theory]
    [InlineData("(CURRENT_TIMESTAMP)", "CURRENT_TIMESTAMP")]
    [InlineData("current_timestamp", "CURRENT_TIMESTAMP")]
    [InlineData("'USER'", "'USER'")]
    [InlineData("'current_timestamp'", "'current_timestamp'")]
    [InlineData("now()", "now()")]
    [InlineData("NULL", null)]
    [InlineData("  ", null)]
    public void SQLite_defaults_keep_their_meaning_and_now_is_not_CURRENT_TIMESTAMP_there(string expression, string? canonical) =>
        Assert.Equal(canonical, SchemaNormalization.Default(DatabaseProvider.Sqlite, expression));

    [Theory]
    [InlineData("nextval('\"User_id_seq\"'::regclass)", true)]
    [InlineData("nextval('user_id_seq')", true)]
    [InlineData("(nextval('s'::regclass))", true)]
    [InlineData("nextval('s'::regclass) + 1", false)]
    [InlineData("0", false)]
    [InlineData(null, false)]
    public void A_nextval_default_marks_a_serial_column(string? expression, bool serial) =>
        Assert.Equal(serial, SchemaNormalization.IsSequenceDefault(expression));

    [Theory]
    [InlineData("((\"age\" >= 0))", "\"age\" >= 0")]
    [InlineData("(a > 0) AND (b > 0)", "(a > 0) AND (b > 0)")]
    [InlineData(" SELECT  id\n  FROM \"User\";", "SELECT id FROM \"User\"")]
    [InlineData("name = 'a  b'", "name = 'a  b'")]
    public void Expressions_lose_surplus_space_outer_parentheses_and_the_final_semicolon(string expression, string canonical) =>
        Assert.Equal(canonical, SchemaNormalization.Expression(expression));

    [Theory]
    [InlineData("CASCADE", ReferentialAction.Cascade)]
    [InlineData("c", ReferentialAction.Cascade)]
    [InlineData("SET NULL", ReferentialAction.SetNull)]
    [InlineData("n", ReferentialAction.SetNull)]
    [InlineData("r", ReferentialAction.Restrict)]
    [InlineData("SET DEFAULT", ReferentialAction.SetDefault)]
    [InlineData("NO ACTION", ReferentialAction.NoAction)]
    [InlineData("a", ReferentialAction.NoAction)]
    public void Referential_actions_read_from_either_catalog_spelling(string text, ReferentialAction action) =>
        Assert.Equal(action, SchemaNormalization.Action(text));
}
