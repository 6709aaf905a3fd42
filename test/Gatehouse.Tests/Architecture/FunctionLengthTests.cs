using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gatehouse.Tests.Architecture;

/// <summary>
/// No function in src/ is longer than about a screen unless a comment right above it says why (docs/architecture.md,
/// "Function length"): a long function usually hides a second decision or a missing type. Methods, constructors,
/// operators, accessors and local functions count from their signature to their closing brace; lambdas count for the
/// function that holds them.
/// </summary>
public sealed class FunctionLengthTests
{
    public const int MaxLines = 60;

    /// <summary>The comment that lets a function be longer: <c>// Long: …</c> with a reason after the colon.</summary>
    public const string ReasonMarker = "// Long:";

    [Fact]
    public void No_function_in_src_is_longer_than_sixty_lines_without_a_reason_in_a_comment()
    {
        var offenders = new List<string>();
        foreach (var file in SourceFiles())
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file, cancellationToken: TestContext.Current.CancellationToken);
            foreach (var function in tree.GetRoot(TestContext.Current.CancellationToken).DescendantNodes().Where(IsFunction))
            {
                var lines = LineCount(function);
                if (lines > MaxLines && !HasReason(function))
                {
                    var start = function.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    offenders.Add($"{Path.GetRelativePath(Root(), file)}:{start} {Name(function)} ({lines} lines)");
                }
            }
        }

        Assert.True(offenders.Count == 0,
            $"Functions over {MaxLines} lines without a '{ReasonMarker} …' comment above them:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void A_reason_comment_counts_only_with_a_reason()
    {
        var tree = CSharpSyntaxTree.ParseText("class C\n{\n    // Long:\n    void A() { }\n\n    // Long: one protocol step.\n    void B() { }\n}\n", cancellationToken: TestContext.Current.CancellationToken);
        var functions = tree.GetRoot(TestContext.Current.CancellationToken).DescendantNodes().Where(IsFunction).ToList();
        Assert.False(HasReason(functions[0]));
        Assert.True(HasReason(functions[1]));
    }

    private static bool IsFunction(SyntaxNode node) =>
        node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax;

    private static int LineCount(SyntaxNode function)
    {
        var span = function.GetLocation().GetLineSpan();
        return span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
    }

    private static bool HasReason(SyntaxNode function) =>
        function.GetLeadingTrivia()
            .Where(trivia => trivia.IsKind(SyntaxKind.SingleLineCommentTrivia))
            .Select(trivia => trivia.ToString())
            .Any(comment => comment.StartsWith(ReasonMarker, StringComparison.Ordinal) && comment[ReasonMarker.Length..].Trim().Length > 0);

    private static string Name(SyntaxNode function) => function switch
    {
        MethodDeclarationSyntax method => method.Identifier.Text,
        ConstructorDeclarationSyntax constructor => constructor.Identifier.Text,
        LocalFunctionStatementSyntax local => local.Identifier.Text,
        AccessorDeclarationSyntax accessor => accessor.Keyword.Text,
        _ => function.Kind().ToString(),
    };

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root(), "src"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"));

    private static string Root()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Gatehouse.slnx")))
        {
            root = root.Parent!;
        }

        return root.FullName;
    }
}
