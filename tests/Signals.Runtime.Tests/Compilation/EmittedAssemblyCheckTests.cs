using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Signals.Runtime.Compilation;

namespace Signals.Runtime.Tests.Compilation;

/// <summary>L4 on its own: assemblies built without L1/L2, as if a hole let them through.</summary>
public sealed class EmittedAssemblyCheckTests
{
    private const string Hostile = """
        public static class Leak
        {
            public static string Read() => System.IO.File.ReadAllText("/etc/passwd");
            [System.Runtime.InteropServices.DllImport("libc")] public static extern int getpid();
            public static long Pun(ref int x) => System.Runtime.CompilerServices.Unsafe.As<int, long>(ref x);
            public static void Hello() => System.Console.WriteLine("hi");
        }
        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)]
        public struct Overlap { [System.Runtime.InteropServices.FieldOffset(0)] public long A; [System.Runtime.InteropServices.FieldOffset(0)] public double B; }
        """;

    [Fact]
    public void Check_HostileAssembly_ReportsEachReferenceWithItsLine()
    {
        var found = EmittedAssemblyCheck.Check(Emit(Hostile), "leak.cs", Allowlist.Default, SignalCompiler.AllowedAssemblies);

        Assert.All(found, d => Assert.Equal(DiagnosticLayers.EmitCheck, d.Layer));
        Assert.Contains(found, d => d.Id == "DW4010" && d.Message.Contains("System.IO.File.ReadAllText", StringComparison.Ordinal) && d.Line == 3);
        Assert.Contains(found, d => d.Id == "DW4002" && d.Message.Contains("getpid", StringComparison.Ordinal));
        Assert.Contains(found, d => d.Id == "DW4010" && d.Message.Contains("Unsafe.As", StringComparison.Ordinal) && d.Line == 5);
        Assert.Contains(found, d => d.Id == "DW4001" && d.Message.Contains("System.Console", StringComparison.Ordinal));
        Assert.Contains(found, d => d.Id == "DW4003" && d.Message.Contains("Overlap", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ModuleInitializer_Reported()
    {
        const string Source = "static class Init { [System.Runtime.CompilerServices.ModuleInitializer] internal static void Run() { } }";

        var found = EmittedAssemblyCheck.Check(Emit(Source), "init.cs", Allowlist.Default, SignalCompiler.AllowedAssemblies);

        Assert.Contains(found, d => d.Id == "DW4004");
    }

    [Fact]
    public void Check_CompiledGoodSignal_IsClean()
    {
        var result = new SignalCompiler().Compile(GoodSignal.File, GoodSignal.Source);

        var found = EmittedAssemblyCheck.Check([.. result.Assembly.Span], GoodSignal.File, Allowlist.Default, SignalCompiler.AllowedAssemblies);

        Assert.Empty(found);
    }

    private static ImmutableArray<byte> Emit(string source)
    {
        var directory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = new[] { "System.Private.CoreLib", "System.Runtime", "System.Console" }
            .Select(n => MetadataReference.CreateFromFile(Path.Combine(directory, n + ".dll")));
        var tree = CSharpSyntaxTree.ParseText(Microsoft.CodeAnalysis.Text.SourceText.From(source, System.Text.Encoding.UTF8), path: "leak.cs");
        var compilation = CSharpCompilation.Create("leak", [tree], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return [.. stream.ToArray()];
    }
}
