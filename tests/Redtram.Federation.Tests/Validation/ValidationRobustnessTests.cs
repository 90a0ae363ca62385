using System.Diagnostics;
using System.Text;
using GraphQLParser;
using Redtram.Federation.Validation;
using static Redtram.Federation.Tests.Validation.ValidationTestSchema;

namespace Redtram.Federation.Tests.Validation;

/// <summary>Timing-sensitive tests run alone so that other tests do not skew them.</summary>
[CollectionDefinition(nameof(ValidationRobustnessTests), DisableParallelization = true)]
public sealed class ValidationTimingCollection
{
}

[Collection(nameof(ValidationRobustnessTests))]
public class ValidationRobustnessTests
{
    private static string Nested(int depth, string field, string leaf)
    {
        var sb = new StringBuilder("{ ");
        for (var i = 0; i < depth; i++)
        {
            sb.Append(field).Append(" { ");
        }

        sb.Append(leaf);
        for (var i = 0; i < depth; i++)
        {
            sb.Append(" }");
        }

        return sb.Append(" }").ToString();
    }

    [Fact]
    public void Thousand_deep_nesting_validates()
    {
        // human { relatives { relatives { ... name } } }
        var q = "{ human " + Nested(1000, "relatives", "name") + " }";
        var sw = Stopwatch.StartNew();
        AssertValid(q);
        Assert.True(sw.ElapsedMilliseconds < 2000, $"took {sw.ElapsedMilliseconds} ms");

        // The same document with a conflict at the bottom is reported (and does not overflow the stack).
        var twice = "{ human " + Nested(1000, "relatives", "name") + " human " + Nested(1000, "relatives", "name: id") + " }";
        var errors = Validate(twice);
        Assert.Single(errors);
        Assert.StartsWith("Fields \"human\" conflict because subfields \"relatives\" conflict because", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_documents_validate_even_on_a_thread_with_a_small_stack()
    {
        var doc = Parser.Parse("{ human " + Nested(1000, "relatives", "name") + " }", new ParserOptions { MaxDepth = 100_000 });
        IReadOnlyList<Redtram.Federation.Execution.GraphQLError>? errors = null;
        var thread = new Thread(() => errors = DocumentValidator.Validate(ValidationTestSchema.Schema, doc), 192 * 1024);
        thread.Start();
        thread.Join();
        Assert.NotNull(errors);
        Assert.Empty(errors);
    }

    [Fact]
    public void Thousand_deep_nested_fragments_and_values_validate()
    {
        var sb = new StringBuilder("{ human { ...F0 } }\n");
        for (var i = 0; i < 1000; i++)
        {
            sb.Append("fragment F").Append(i).Append(" on Human { relatives { ...F").Append(i + 1).Append(" } }\n");
        }

        sb.Append("fragment F1000 on Human { name }\n");
        AssertValid(sb.ToString());

        var deepJson = new StringBuilder("{ json(value: ");
        for (var i = 0; i < 1000; i++)
        {
            deepJson.Append("{a: [");
        }

        deepJson.Append('1');
        for (var i = 0; i < 1000; i++)
        {
            deepJson.Append("]}");
        }

        AssertValid(deepJson.Append(") }").ToString());
    }

    [Fact]
    public void Two_thousand_repeated_fields_validate_quickly()
    {
        var q = "{ dog { " + string.Join(" ", Enumerable.Repeat("name", 2000)) + " } }";
        var q2 = "{ " + string.Join(" ", Enumerable.Repeat("dog { name owner { name } }", 2000)) + " }";
        var q3 = "{ dog { " + string.Join(" ", Enumerable.Range(0, 2000).Select(i => i % 2 == 0 ? "name" : "name @include(if: true)")) + " } }";
        AssertValid(q);
        var sw = Stopwatch.StartNew();
        AssertValid(q);
        AssertValid(q2);
        AssertValid(q3);
        Assert.True(sw.ElapsedMilliseconds < 1000, $"took {sw.ElapsedMilliseconds} ms");

        var conflicting = "{ dog { " + string.Join(" ", Enumerable.Repeat("name", 2000)) + " name: nickname } }";
        var errors = Validate(conflicting);
        Assert.Single(errors);
    }

    [Fact]
    public void Field_merging_does_not_blow_up_exponentially()
    {
        // Each level selects the same response name twice with different (but compatible) sub-selections.
        var sb = new StringBuilder("{ human { ...F0 } }\n");
        for (var i = 0; i < 200; i++)
        {
            sb.Append("fragment F").Append(i).Append(" on Human { relatives { ...F").Append(i + 1).Append(" } relatives { id ...F").Append(i + 1).Append(" } }\n");
        }

        sb.Append("fragment F200 on Human { name }\n");

        // Without fragments: a binary tree of compatible selections, 2^14 leaves (about 600 KB).
        static string Tree(int depth) => depth == 0 ? "name" : $"relatives {{ {Tree(depth - 1)} }} relatives {{ id {Tree(depth - 1)} }}";

        var sw = Stopwatch.StartNew();
        AssertValid(sb.ToString());
        AssertValid("{ human { " + Tree(14) + " } }");
        Assert.True(sw.ElapsedMilliseconds < 3000, $"took {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Cold_validation_of_a_typical_query_is_fast()
    {
        var q = """
            query Q($id: ID, $cmd: DogCommand!, $withOwner: Boolean = false) {
              human(id: $id) { id name pets { name ... on Dog { ...DogFields } ... on Cat { meowVolume } } relatives { id name } }
              dog { ...DogFields owner @include(if: $withOwner) { id name relatives { name } } doesKnowCommand(dogCommand: $cmd) }
              catOrDog { __typename ... on Pet { name owner { name } } ... on Dog { barkVolume } }
              complicatedArgs { complexArgField(complexArg: {requiredField: true, nested: {requiredField: false}, stringListField: ["a", "b"]}) }
            }
            fragment DogFields on Dog { id name nickname barkVolume color isHouseTrained(atOtherHomes: true) }
            """;
        var doc = Parser.Parse(q);
        Assert.Empty(DocumentValidator.Validate(ValidationTestSchema.Schema, doc)); // warm up the JIT
        // Best of several batches: the machine may be busy.
        const int runs = 100;
        var perRun = double.MaxValue;
        for (var batch = 0; batch < 5; batch++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < runs; i++)
            {
                Assert.Empty(DocumentValidator.Validate(ValidationTestSchema.Schema, Parser.Parse(q)));
            }

            perRun = Math.Min(perRun, sw.Elapsed.TotalMilliseconds / runs);
        }

        Console.WriteLine($"validation of a typical query: {perRun:F4} ms");
        Assert.True(perRun < 1.0, $"{perRun:F3} ms per validation");
    }

    [Theory]
    [InlineData("{ a { b } } fragment X on Y { ...X } query { ...Z }")]
    [InlineData("query($a: [[[Foo!]]]) { ...on Unknown { x(y: {z: [$b]}) @d(e: $f) } }")]
    [InlineData("fragment A on Dog { ...B } fragment B on Dog { ...A } { dog { ...A ...B name: id } }")]
    [InlineData("subscription { ...S } fragment S on Subscription { ...S newDog { name } }")]
    [InlineData("{ dog { ... { ... { ... { name: id name } } } } }")]
    [InlineData("mutation M($n: String! = null) { setName(name: $n) { __typename } }")]
    public void Never_throws_on_odd_documents(string q)
    {
        var errors = Validate(q);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("GRAPHQL_VALIDATION_FAILED", e.Code));
        Assert.DoesNotContain(errors, e => e.Message.Contains("internal error", StringComparison.Ordinal));
    }
}
