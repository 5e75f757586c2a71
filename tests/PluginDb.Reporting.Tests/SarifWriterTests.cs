using System.Text.Json;
using NJsonSchema;
using PluginDb.Core.Findings;
using PluginDb.Tests.Shared;

namespace PluginDb.Reporting.Tests;

public sealed class SarifWriterTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFileAsync(SharedSchemas.Require(SharedSchemas.Sarif)).GetAwaiter().GetResult());

    [Fact]
    public void Writes_one_run_with_rules_results_and_locations_exactly()
    {
        var report = SampleReports.Failing with { Findings = [SampleReports.MigrationFailed, SampleReports.Unreachable] };

        Assert.Equal(
            """
            {
              "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
              "version": "2.1.0",
              "runs": [
                {
                  "tool": {
                    "driver": {
                      "name": "PluginDb.Ci",
                      "version": "0.1.0",
                      "informationUri": "https://github.com/sovereign/plugin-db-action",
                      "rules": [
                        {
                          "id": "SDB201",
                          "name": "MigrationFailed",
                          "shortDescription": {
                            "text": "Migration failed"
                          },
                          "fullDescription": {
                            "text": "A migration script failed to apply. The migration is recorded as failed, as Prisma records it."
                          },
                          "helpUri": "https://github.com/sovereign/plugin-db-action/blob/main/README.md#sdb201",
                          "help": {
                            "text": "A migration script failed to apply. The migration is recorded as failed, as Prisma records it. Reference: https://github.com/sovereign/plugin-db-action/blob/main/README.md#sdb201",
                            "markdown": "**Migration failed**\n\nA migration script failed to apply. The migration is recorded as failed, as Prisma records it.\n\n[SDB201 in the reference](https://github.com/sovereign/plugin-db-action/blob/main/README.md#sdb201)"
                          },
                          "defaultConfiguration": {
                            "level": "error"
                          }
                        },
                        {
                          "id": "SDB601",
                          "name": "DatasourceUnreachable",
                          "shortDescription": {
                            "text": "Datasource unreachable"
                          },
                          "fullDescription": {
                            "text": "The plugin's datasource could not be opened or provisioned."
                          },
                          "helpUri": "https://github.com/sovereign/plugin-db-action/blob/main/README.md#sdb601",
                          "help": {
                            "text": "The plugin's datasource could not be opened or provisioned. Reference: https://github.com/sovereign/plugin-db-action/blob/main/README.md#sdb601",
                            "markdown": "**Datasource unreachable**\n\nThe plugin's datasource could not be opened or provisioned.\n\n[SDB601 in the reference](https://github.com/sovereign/plugin-db-action/blob/main/README.md#sdb601)"
                          },
                          "defaultConfiguration": {
                            "level": "error"
                          }
                        }
                      ]
                    }
                  },
                  "invocations": [
                    {
                      "executionSuccessful": true,
                      "startTimeUtc": "2025-03-14T09:26:53Z",
                      "endTimeUtc": "2025-03-14T09:27:05.5Z"
                    }
                  ],
                  "originalUriBaseIds": {
                    "%SRCROOT%": {
                      "description": {
                        "text": "The root of the repository checked; finding paths are relative to it."
                      }
                    }
                  },
                  "columnKind": "utf16CodeUnits",
                  "results": [
                    {
                      "ruleId": "SDB201",
                      "ruleIndex": 0,
                      "level": "error",
                      "message": {
                        "text": "syntax error at or near \"CREAT\""
                      },
                      "locations": [
                        {
                          "physicalLocation": {
                            "artifactLocation": {
                              "uri": "examples/plugins/papertrail/migrations/20250101_init/migration.sql",
                              "uriBaseId": "%SRCROOT%"
                            },
                            "region": {
                              "startLine": 3,
                              "startColumn": 1,
                              "endLine": 3
                            }
                          },
                          "logicalLocations": [
                            {
                              "name": "papertrail",
                              "kind": "module"
                            }
                          ]
                        }
                      ],
                      "partialFingerprints": {
                        "pluginDbFinding/v1": "4aad38af02b3ed3eed663d02568f2bcfa61f7e452666b41306c7472d86626fe1"
                      }
                    },
                    {
                      "ruleId": "SDB601",
                      "ruleIndex": 1,
                      "level": "note",
                      "message": {
                        "text": "The shared datasource is not checked in this run."
                      },
                      "locations": [
                        {
                          "logicalLocations": [
                            {
                              "name": "notes",
                              "kind": "module"
                            }
                          ]
                        }
                      ],
                      "partialFingerprints": {
                        "pluginDbFinding/v1": "7140d70794c1146b621ce93ef946745d51e8901e0c45e65bb3991b53cd0146cd"
                      }
                    }
                  ]
                }
              ]
            }

            """,
            SarifWriter.ToJson(report));
    }

    [SchemaFact(SharedSchemas.Sarif)]
    public void Sample_logs_are_valid_against_the_sarif_2_1_0_schema()
    {
        foreach (var report in new[] { SampleReports.Failing, SampleReports.Empty, ManyCodes() })
        {
            var errors = Schema.Value.Validate(SarifWriter.ToJson(report));

            Assert.True(errors.Count == 0, string.Join('\n', errors.Select(e => $"{e.Path}: {e.Kind}")));
        }
    }

    [SchemaFact(SharedSchemas.Sarif)]
    public void The_schema_check_rejects_a_log_that_breaks_the_schema()
    {
        // Guards the test above: a validator that accepted anything would let every log pass.
        var broken = SarifWriter.ToJson(SampleReports.Failing).Replace("\"level\": \"note\"", "\"level\": \"notice\"", StringComparison.Ordinal);

        Assert.NotEmpty(Schema.Value.Validate(broken));
    }

    [Fact]
    public void A_finding_without_a_file_has_no_physical_location_but_names_its_plugin()
    {
        var report = SampleReports.Empty with { Findings = [SampleReports.Unreachable, SampleReports.Unreachable with { Plugin = null }] };

        using var json = JsonDocument.Parse(SarifWriter.ToJson(report));
        var results = Run(json).GetProperty("results").EnumerateArray().ToList();

        var location = Assert.Single(results[0].GetProperty("locations").EnumerateArray());
        Assert.False(location.TryGetProperty("physicalLocation", out _));
        var logical = Assert.Single(location.GetProperty("logicalLocations").EnumerateArray());
        Assert.Equal("notes", logical.GetProperty("name").GetString());
        Assert.False(results[1].TryGetProperty("locations", out _));
        Assert.Equal("note", results[1].GetProperty("level").GetString());
    }

    [Fact]
    public void A_finding_about_a_whole_file_points_at_its_first_line()
    {
        // GitHub places an alert in a file by its region; a location without one draws SARIF2017.
        var report = SampleReports.Empty with { Findings = [SampleReports.MigrationFailed with { Line = null, Column = null, EndLine = null }] };

        using var json = JsonDocument.Parse(SarifWriter.ToJson(report));
        var result = Assert.Single(Run(json).GetProperty("results").EnumerateArray());

        var region = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal(1, region.GetProperty("startLine").GetInt32());
        Assert.Equal(1, region.GetProperty("endLine").GetInt32());
        Assert.False(region.TryGetProperty("startColumn", out _));
    }

    [Fact]
    public void Every_rule_carries_the_help_GitHub_shows_beside_its_alerts()
    {
        using var json = JsonDocument.Parse(SarifWriter.ToJson(ManyCodes()));

        foreach (var rule in Run(json).GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray())
        {
            var help = rule.GetProperty("help");
            Assert.StartsWith(rule.GetProperty("fullDescription").GetProperty("text").GetString()!, help.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains(rule.GetProperty("helpUri").GetString()!, help.GetProperty("markdown").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Many_codes_give_one_rule_each_in_code_order_and_results_point_at_their_rule()
    {
        var report = ManyCodes();

        using var json = JsonDocument.Parse(SarifWriter.ToJson(report));
        var run = Run(json);
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        var results = run.GetProperty("results").EnumerateArray().ToList();

        var codes = report.Findings.Select(f => f.Code).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(codes, rules.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(report.Findings.Count, results.Count);
        Assert.All(results, r => Assert.Equal(
            r.GetProperty("ruleId").GetString(),
            rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString()));
        foreach (var rule in rules)
        {
            var code = FindingCodes.All.Single(c => c.Code == rule.GetProperty("id").GetString());
            Assert.Equal(code.Title, rule.GetProperty("shortDescription").GetProperty("text").GetString());
            Assert.Equal(code.Description, rule.GetProperty("fullDescription").GetProperty("text").GetString());
            Assert.Equal(code.HelpUri, rule.GetProperty("helpUri").GetString());
            var level = code.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "note" };
            Assert.Equal(level, rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        }
    }

    [Fact]
    public void Fingerprints_ignore_the_line_but_not_the_code_plugin_file_or_message()
    {
        var finding = SampleReports.MigrationFailed;
        var fingerprint = SarifWriter.Fingerprint(finding);

        Assert.Matches("^[0-9a-f]{64}$", fingerprint);
        Assert.Equal(fingerprint, SarifWriter.Fingerprint(finding with { Line = 40, Column = 2, EndLine = 41 }));
        Assert.NotEqual(fingerprint, SarifWriter.Fingerprint(finding with { Code = "SDB204" }));
        Assert.NotEqual(fingerprint, SarifWriter.Fingerprint(finding with { Plugin = "other" }));
        Assert.NotEqual(fingerprint, SarifWriter.Fingerprint(finding with { File = "other.sql" }));
        Assert.NotEqual(fingerprint, SarifWriter.Fingerprint(finding with { Message = "other" }));
        Assert.NotEqual(
            SarifWriter.Fingerprint(finding with { Plugin = "a", File = "bc" }),
            SarifWriter.Fingerprint(finding with { Plugin = "ab", File = "c" }));
    }

    [Fact]
    public void Paths_become_relative_uri_references_and_files_outside_the_checkout_file_uris()
    {
        var report = SampleReports.Empty with
        {
            Findings =
            [
                SampleReports.DuplicateId with { File = "examples/plugins/my plugin/plugin.json" },
                SampleReports.DuplicateId with { File = "/tmp/elsewhere/plugin.json" },
            ],
        };

        using var json = JsonDocument.Parse(SarifWriter.ToJson(report));
        var artifacts = Run(json).GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation"))
            .ToList();

        Assert.Equal("examples/plugins/my%20plugin/plugin.json", artifacts[0].GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", artifacts[0].GetProperty("uriBaseId").GetString());
        Assert.Equal("file:///tmp/elsewhere/plugin.json", artifacts[1].GetProperty("uri").GetString());
        Assert.False(artifacts[1].TryGetProperty("uriBaseId", out _));
    }

    [Theory]
    [InlineData("plugins/päper trail/migrations/20240101_init/migration.sql")]
    [InlineData("plugins/a#b?c/100%/plugin.json")]
    [InlineData("plugins/(x)+[y]!$&'*,;=:@/plugin.json")]
    [InlineData("plugins/emoji-\U0001F600/plugin.json")]
    [InlineData("plugins/lone-\uD800-surrogate/plugin.json")]
    [InlineData("plugins/~tilde_.dot-dash/plugin.json")]
    public void A_relative_path_is_encoded_segment_by_segment_as_Uri_EscapeDataString_does(string path)
    {
        var report = SampleReports.Empty with { Findings = [SampleReports.DuplicateId with { File = path }] };

        var uri = FirstArtifactUri(report);

        Assert.Equal(string.Join('/', path.Split('/').Select(Uri.EscapeDataString)), uri);
    }

    [Fact]
    public void A_file_outside_the_checkout_gets_the_file_uri_System_Uri_would_give()
    {
        const string path = "/tmp/else where/plügin-\U0001F600.json";
        var report = SampleReports.Empty with { Findings = [SampleReports.DuplicateId with { File = path }] };

        var uri = FirstArtifactUri(report);

        Assert.Equal(new Uri(path).AbsoluteUri, uri);
    }

    [Fact]
    public async Task File_is_utf8_without_bom_and_the_same_text_as_ToJson()
    {
        var path = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.sarif");
        try
        {
            await SarifWriter.WriteFileAsync(SampleReports.Failing, path, CancellationToken.None);

            var bytes = await File.ReadAllBytesAsync(path);
            Assert.Equal((byte)'{', bytes[0]);
            Assert.DoesNotContain((byte)'\r', bytes);
            Assert.Equal(SarifWriter.ToJson(SampleReports.Failing), System.Text.Encoding.UTF8.GetString(bytes));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static JsonElement Run(JsonDocument json) => Assert.Single(json.RootElement.GetProperty("runs").EnumerateArray());

    /// <summary>One finding of every catalogued code, in reverse code order, half of them twice.</summary>
    private static Core.Reports.RunReport ManyCodes()
    {
        var findings = FindingCodes.All.Reverse()
            .SelectMany((code, i) => Enumerable.Range(0, i % 2 + 1)
                .Select(n => code.Create($"message {n}", plugin: "papertrail", file: $"plugins/papertrail/f{i}.sql", line: i + 1, column: n + 1)))
            .ToList();
        return SampleReports.Empty with { Findings = findings };
    }

    private static string? FirstArtifactUri(Core.Reports.RunReport report)
    {
        using var json = JsonDocument.Parse(SarifWriter.ToJson(report));
        return Run(json).GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString();
    }
}
