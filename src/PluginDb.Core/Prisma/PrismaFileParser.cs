using PluginDb.Core.Findings;

namespace PluginDb.Core.Prisma;

/// <summary>The recursive-descent parser of one file; see <see cref="PrismaSchemaParser"/>.</summary>
internal sealed class PrismaFileParser
{
    private readonly PrismaSourceFile _file;
    private readonly Output _output;
    private readonly IReadOnlyList<PrismaToken> _tokens;
    private int _position;

    public PrismaFileParser(PrismaSourceFile file, Output output)
    {
        _file = file;
        _output = output;
        _tokens = PrismaLexer.Tokenize(file.Text);
    }

    internal sealed class Output
    {
        public List<PrismaConfigBlock> Datasources { get; } = [];
        public List<PrismaConfigBlock> Generators { get; } = [];
        public List<PrismaModel> Blocks { get; } = [];
        public List<PrismaEnum> Enums { get; } = [];
        public List<Finding> Findings { get; } = [];
    }

    private sealed class SyntaxException(string message, PrismaToken at) : Exception(message)
    {
        public PrismaToken At { get; } = at;
    }

    private PrismaToken Current => _tokens[_position];

    private PrismaSourceLocation Here(PrismaToken token) => new(_file.Path, token.Line, token.Column);

    public void ParseFile()
    {
        while (true)
        {
            SkipNewlines();
            if (Current.Kind == PrismaTokenKind.End)
            {
                return;
            }
            var start = _position;
            try
            {
                ParseBlock();
            }
            catch (SyntaxException error)
            {
                Report(error);
                // Nothing consumed (a stray token between blocks): skip the line; else the block's rest.
                if (_position == start)
                {
                    SkipLine();
                }
                SkipToTopLevel();
            }
        }
    }

    private void ParseBlock()
    {
        var keyword = Current;
        if (keyword.Kind != PrismaTokenKind.Identifier || keyword.Text is not ("model" or "view" or "enum" or "type" or "datasource" or "generator"))
        {
            throw Unexpected(keyword, "a block: model, view, enum, type, datasource or generator");
        }
        _position++;
        var name = ExpectIdentifier("the name of the " + keyword.Text);
        if (keyword.Text == "type" && Current.Is("="))
        {
            // A type alias of Prisma 2 (`type Id = String @id`): long gone from Prisma, nothing to map.
            SkipLine();
            return;
        }
        Expect("{", "'{' to open the " + keyword.Text + " block");
        switch (keyword.Text)
        {
            case "datasource":
            case "generator":
                var block = new PrismaConfigBlock(name.Text, ParseLines(ParseProperty), Here(keyword));
                (keyword.Text == "datasource" ? _output.Datasources : _output.Generators).Add(block);
                break;
            case "enum":
                var (values, enumAttributes) = ParseMembers(ParseEnumValue);
                _output.Enums.Add(new PrismaEnum(name.Text, values, enumAttributes, Here(keyword)));
                break;
            default:
                var kind = keyword.Text switch { "model" => PrismaBlockKind.Model, "view" => PrismaBlockKind.View, _ => PrismaBlockKind.CompositeType };
                var (fields, attributes) = ParseMembers(ParseField);
                _output.Blocks.Add(new PrismaModel(kind, name.Text, fields, attributes, Here(keyword)));
                break;
        }
    }

    // Lines up to the closing brace; a bad line is reported and skipped.
    private List<T> ParseLines<T>(Func<T> line)
    {
        var items = new List<T>();
        while (true)
        {
            SkipNewlines();
            if (Current.Is("}"))
            {
                _position++;
                return items;
            }
            if (Current.Kind == PrismaTokenKind.End || IsBlockKeywordAtLineStart())
            {
                // Keep what was read: the block most likely just lacks its brace.
                Report(new SyntaxException(Current.Kind == PrismaTokenKind.End
                    ? "The block is not closed: a '}' is missing before the end of the file."
                    : $"The block is not closed: a '}}' is missing before '{Current.Text}'.", Current));
                return items;
            }
            try
            {
                items.Add(line());
                EndOfLine();
            }
            catch (SyntaxException error)
            {
                Report(error);
                SkipLine();
            }
        }
    }

    // Fields or enum values, and the block attributes (@@…) among them.
    private (List<T> Members, List<PrismaAttribute> Attributes) ParseMembers<T>(Func<T> member) where T : class
    {
        var attributes = new List<PrismaAttribute>();
        var members = ParseLines(() =>
        {
            if (Current.Is("@@"))
            {
                attributes.Add(ParseAttribute());
                return null;
            }
            return member();
        });
        return (members.OfType<T>().ToList(), attributes);
    }

    private PrismaProperty ParseProperty()
    {
        var key = ExpectIdentifier("a setting name (key = value)");
        Expect("=", "'=' after " + key.Text);
        return new PrismaProperty(key.Text, ParseExpression(), Here(key));
    }

    private PrismaEnumValue ParseEnumValue()
    {
        var name = ExpectIdentifier("an enum value");
        return new PrismaEnumValue(name.Text, ParseFieldAttributes(), Here(name));
    }

    private PrismaField ParseField()
    {
        var name = ExpectIdentifier("a field name");
        var type = ExpectIdentifier($"the type of field {name.Text}");
        string? unsupported = null;
        if (type.Text == "Unsupported" && Current.Is("("))
        {
            _position++;
            SkipNewlines();
            unsupported = Current.Kind == PrismaTokenKind.String ? Current.Text : throw Unexpected(Current, "a string naming the database type");
            _position++;
            SkipNewlines();
            Expect(")", "')'");
        }
        var arity = PrismaFieldArity.Required;
        if (Current.Is("?"))
        {
            _position++;
            arity = PrismaFieldArity.Optional;
        }
        else if (Current.Is("["))
        {
            _position++;
            Expect("]", "']' of the list type");
            arity = PrismaFieldArity.List;
        }
        return new PrismaField(name.Text, type.Text, arity, unsupported, ParseFieldAttributes(), Here(name));
    }

    private List<PrismaAttribute> ParseFieldAttributes()
    {
        var attributes = new List<PrismaAttribute>();
        while (Current.Is("@"))
        {
            attributes.Add(ParseAttribute());
        }
        return attributes;
    }

    private PrismaAttribute ParseAttribute()
    {
        var at = Current;
        _position++;
        var name = ExpectIdentifier("an attribute name after '" + at.Text + "'").Text;
        while (Current.Is("."))
        {
            _position++;
            name += "." + ExpectIdentifier("a name after '.'").Text;
        }
        var arguments = Current.Is("(") ? ParseArguments() : [];
        return new PrismaAttribute(name, arguments, Here(at));
    }

    private List<PrismaArgument> ParseArguments()
    {
        var open = Current;
        _position++;
        var arguments = new List<PrismaArgument>();
        while (true)
        {
            SkipNewlines();
            if (Current.Is(")"))
            {
                _position++;
                return arguments;
            }
            if (Current.Kind == PrismaTokenKind.End)
            {
                throw new SyntaxException($"The '(' on line {open.Line} is not closed.", open);
            }
            string? name = null;
            if (Current.Kind == PrismaTokenKind.Identifier && Peek(1).Is(":"))
            {
                name = Current.Text;
                _position += 2;
                SkipNewlines();
            }
            arguments.Add(new PrismaArgument(name, ParseExpression()));
            SkipNewlines();
            if (Current.Is(","))
            {
                _position++;
            }
            else if (!Current.Is(")"))
            {
                throw Unexpected(Current, "',' or ')'");
            }
        }
    }

    private PrismaExpression ParseExpression()
    {
        var token = Current;
        if (token.Error is not null)
        {
            throw new SyntaxException(token.Error, token);
        }
        switch (token.Kind)
        {
            case PrismaTokenKind.String:
                _position++;
                return new PrismaExpression(PrismaExpressionKind.String, token.Text, [], [], Here(token));
            case PrismaTokenKind.Number:
                _position++;
                return new PrismaExpression(PrismaExpressionKind.Number, token.Text, [], [], Here(token));
            case PrismaTokenKind.Identifier:
                _position++;
                var name = token.Text;
                while (Current.Is(".") && Peek(1).Kind == PrismaTokenKind.Identifier)
                {
                    name += "." + Peek(1).Text;
                    _position += 2;
                }
                return Current.Is("(")
                    ? new PrismaExpression(PrismaExpressionKind.Function, name, ParseArguments(), [], Here(token))
                    : new PrismaExpression(PrismaExpressionKind.Constant, name, [], [], Here(token));
            default:
                if (token.Is("["))
                {
                    return ParseArray();
                }
                throw Unexpected(token, "a value (a string, number, name, function call or list)");
        }
    }

    private PrismaExpression ParseArray()
    {
        var open = Current;
        _position++;
        var items = new List<PrismaExpression>();
        while (true)
        {
            SkipNewlines();
            if (Current.Is("]"))
            {
                _position++;
                return new PrismaExpression(PrismaExpressionKind.Array, string.Empty, [], items, Here(open));
            }
            if (Current.Kind == PrismaTokenKind.End)
            {
                throw new SyntaxException($"The '[' on line {open.Line} is not closed.", open);
            }
            items.Add(ParseExpression());
            SkipNewlines();
            if (Current.Is(","))
            {
                _position++;
            }
            else if (!Current.Is("]"))
            {
                throw Unexpected(Current, "',' or ']'");
            }
        }
    }

    private PrismaToken ExpectIdentifier(string what)
    {
        var token = Current;
        if (token.Kind != PrismaTokenKind.Identifier)
        {
            throw Unexpected(token, what);
        }
        _position++;
        return token;
    }

    private void Expect(string symbol, string what)
    {
        if (!Current.Is(symbol))
        {
            throw Unexpected(Current, what);
        }
        _position++;
    }

    // A member ends with its line or with the block's closing brace.
    private void EndOfLine()
    {
        if (Current.Kind is PrismaTokenKind.Newline or PrismaTokenKind.End || Current.Is("}"))
        {
            return;
        }
        throw Unexpected(Current, "the end of the line");
    }

    private SyntaxException Unexpected(PrismaToken token, string expected) =>
        new(token.Error ?? $"Unexpected {token.Describe()}; expected {expected}.", token);

    private void Report(SyntaxException error) =>
        _output.Findings.Add(PrismaSchemaParser.SyntaxError(error.Message, Here(error.At)));

    private void SkipNewlines()
    {
        while (Current.Kind == PrismaTokenKind.Newline)
        {
            _position++;
        }
    }

    // To the end of the current line, leaving a closing brace of the block in place.
    private void SkipLine()
    {
        while (Current.Kind is not (PrismaTokenKind.Newline or PrismaTokenKind.End) && !Current.Is("}"))
        {
            _position++;
        }
    }

    // After an error outside a member: on to the next block keyword that starts a line, past the current block's end.
    private void SkipToTopLevel()
    {
        while (Current.Kind != PrismaTokenKind.End)
        {
            if (Current.Is("}"))
            {
                _position++;
                return;
            }
            if (IsBlockKeywordAtLineStart())
            {
                return;
            }
            _position++;
        }
    }

    private bool IsBlockKeywordAtLineStart() =>
        Current.Kind == PrismaTokenKind.Identifier &&
        Current.Text is "model" or "view" or "enum" or "type" or "datasource" or "generator" &&
        (_position == 0 || _tokens[_position - 1].Kind == PrismaTokenKind.Newline) &&
        Peek(1).Kind == PrismaTokenKind.Identifier &&
        Peek(2).Is("{");

    private PrismaToken Peek(int ahead) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];
}
