using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Signals.Runtime.Compilation.Internal;

namespace Signals.Runtime.Compilation;

/// <summary>
/// L4: reads the emitted PE and checks what the IL really references, whatever the source looked
/// like: every assembly, type and member reference against the <see cref="Allowlist"/> (compiler-
/// emitted helpers allowed, interop helpers only inside compiler-generated types, attributed by an
/// IL walk of every method body), and no P/Invoke, internal calls, explicit layout, module
/// initializer, <c>calli</c> or foreign assembly.
/// </summary>
public static class EmittedAssemblyCheck
{
    /// <summary>Checks an emitted signal assembly.</summary>
    /// <param name="peImage">The PE image, with an embedded portable PDB to map findings to lines (optional).</param>
    /// <param name="file">The author's file name, for diagnostics.</param>
    /// <param name="allowlist">The rules.</param>
    /// <param name="allowedAssemblies">Simple names of the assemblies the signal may reference.</param>
    /// <returns>Errors, empty when the assembly is clean.</returns>
    public static IReadOnlyList<SignalDiagnostic> Check(ImmutableArray<byte> peImage, string file, Allowlist allowlist, IReadOnlySet<string> allowedAssemblies)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(allowlist);
        ArgumentNullException.ThrowIfNull(allowedAssemblies);
        using var pe = new PEReader(peImage);
        using var pdb = OpenEmbeddedPdb(pe);
        var checker = new Checker(pe, pe.GetMetadataReader(), pdb?.GetMetadataReader(), file, allowlist, allowedAssemblies);
        checker.Run();
        return DiagnosticFactory.Sorted(checker.Found);
    }

    private static MetadataReaderProvider? OpenEmbeddedPdb(PEReader pe)
    {
        foreach (var entry in pe.ReadDebugDirectory())
        {
            if (entry.Type == DebugDirectoryEntryType.EmbeddedPortablePdb) return pe.ReadEmbeddedPortablePdbDebugDirectoryData(entry);
        }
        return null;
    }

    private sealed class Checker(PEReader pe, MetadataReader md, MetadataReader? pdb, string file, Allowlist allowlist, IReadOnlySet<string> allowedAssemblies)
    {
        private readonly Dictionary<EntityHandle, (AllowlistDecision Decision, string Display)> _refs = [];
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

        public List<SignalDiagnostic> Found { get; } = [];

        public void Run()
        {
            foreach (var handle in md.AssemblyReferences)
            {
                var name = md.GetString(md.GetAssemblyReference(handle).Name);
                if (!allowedAssemblies.Contains(name)) Add(1, 1, "DW4001", $"the assembly references '{name}', which signals may not use", "signals see Signals.Library and the BCL allowlist only");
            }
            if (md.GetTableRowCount(TableIndex.ModuleRef) > 0) Add(1, 1, "DW4002", "the assembly references a native module (P/Invoke)", "native code is not available to signals");
            foreach (var handle in md.TypeReferences) Classify(handle);
            foreach (var handle in md.MemberReferences) Classify(handle);
            foreach (var handle in md.TypeDefinitions) CheckTypeDefinition(handle);
            CheckCustomAttributes();
            // Denied references that no method body uses (signatures, attributes) still fail.
            foreach (var (handle, (decision, display)) in _refs)
            {
                if (decision.Verdict == AllowlistVerdict.Deny) Deny(display, decision.Hint, null, 1, 1);
            }
        }

        private void CheckTypeDefinition(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            var name = TypeName(type);
            var generated = IsCompilerGenerated(type);
            // The compiler's own static-data blobs (__StaticArrayInitTypeSize=N) use explicit layout.
            if ((type.Attributes & TypeAttributes.LayoutMask) == TypeAttributes.ExplicitLayout && !generated)
            {
                Add(1, 1, "DW4003", $"type '{name}' has explicit layout", "use ordinary structs; overlapping fields are unsafe");
            }
            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                var methodName = $"{name}.{md.GetString(method.Name)}";
                var (line, column) = LineOf(methodHandle);
                if (name == "<Module>") Add(line, column, "DW4004", $"the assembly has a module initializer or global method '{methodName}'", "put set-up code in Configure");
                if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0) Add(line, column, "DW4002", $"'{methodName}' is a P/Invoke", "native code is not available to signals");
                if ((method.ImplAttributes & MethodImplAttributes.InternalCall) != 0) Add(line, column, "DW4002", $"'{methodName}' is an internal call", "native code is not available to signals");
                if (method.RelativeVirtualAddress == 0) continue;
                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILContent();
                var known = IlOpCodes.Walk(il.AsSpan(), (opcode, token) =>
                {
                    if (opcode == IlOpCodes.Calli)
                    {
                        Add(line, column, "DW4005", $"'{methodName}' calls through a function pointer", "use delegates");
                        return;
                    }
                    CheckUse(MetadataTokens.EntityHandle(token), generated, methodName, line, column);
                });
                if (!known) Add(line, column, "DW4006", $"'{methodName}' has IL this checker cannot read", "this is a compiler problem; report it");
            }
        }

        private void CheckUse(EntityHandle handle, bool fromGeneratedType, string methodName, int line, int column)
        {
            if (handle.Kind == HandleKind.MethodSpecification) handle = md.GetMethodSpecification((MethodSpecificationHandle)handle).Method;
            if (handle.Kind == HandleKind.TypeSpecification) handle = Head((TypeSpecificationHandle)handle);
            if (!_refs.TryGetValue(handle, out var entry)) return;
            var (decision, display) = entry;
            if (decision.Verdict == AllowlistVerdict.Deny) Deny(display, decision.Hint, methodName, line, column);
            else if (decision.Verdict == AllowlistVerdict.GeneratedTypesOnly && !fromGeneratedType) Deny(display, decision.Hint, methodName, line, column);
        }

        private void CheckCustomAttributes()
        {
            foreach (var handle in md.CustomAttributes)
            {
                var attribute = md.GetCustomAttribute(handle);
                var parent = attribute.Parent;
                if (attribute.Constructor.Kind == HandleKind.MethodDefinition)
                {
                    // A signal cannot declare attributes (Attribute is denied); compiler-embedded ones are generated types.
                    var owner = md.GetTypeDefinition(md.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType());
                    if (!IsCompilerGenerated(owner) && !IsEmbeddedAttribute(owner)) Add(1, 1, "DW4007", $"attribute '{TypeName(owner)}' is declared by the signal", "signals do not declare attributes");
                    continue;
                }
                if (!_refs.TryGetValue(attribute.Constructor, out var entry)) continue;
                var fromGenerated = parent.Kind == HandleKind.TypeDefinition && IsCompilerGenerated(md.GetTypeDefinition((TypeDefinitionHandle)parent));
                if (entry.Decision.Verdict == AllowlistVerdict.GeneratedTypesOnly && !fromGenerated) Deny(entry.Display, entry.Decision.Hint, null, 1, 1);
                if (parent.Kind is HandleKind.AssemblyDefinition or HandleKind.ModuleDefinition && entry.Decision.Verdict != AllowlistVerdict.EmittedOnly)
                {
                    Add(1, 1, "DW4008", $"assembly attribute '{entry.Display}' is not one the compiler emits", "signals carry no assembly metadata");
                }
            }
        }

        // Nullable and ref-safety attributes are embedded by the compiler under Microsoft.CodeAnalysis.EmbeddedAttribute.
        private bool IsEmbeddedAttribute(TypeDefinition type)
        {
            var ns = md.GetString(type.Namespace);
            return ns is "System.Runtime.CompilerServices" or "Microsoft.CodeAnalysis" && md.GetString(type.Name).EndsWith("Attribute", StringComparison.Ordinal)
                && type.GetCustomAttributes().Any(h => md.GetCustomAttribute(h).Constructor.Kind == HandleKind.MethodDefinition
                    && TypeName(md.GetTypeDefinition(md.GetMethodDefinition((MethodDefinitionHandle)md.GetCustomAttribute(h).Constructor).GetDeclaringType())) == "Microsoft.CodeAnalysis.EmbeddedAttribute");
        }

        private void Classify(TypeReferenceHandle handle)
        {
            var (ns, name) = Key(handle);
            var decision = allowlist.CheckType(ns, name);
            _refs[handle] = (decision, Display(ns, name));
        }

        private void Classify(MemberReferenceHandle handle)
        {
            var member = md.GetMemberReference(handle);
            var parent = member.Parent;
            if (parent.Kind == HandleKind.TypeSpecification) parent = Head((TypeSpecificationHandle)parent);
            var name = md.GetString(member.Name);
            if (parent.Kind != HandleKind.TypeReference)
            {
                if (parent.Kind is HandleKind.TypeDefinition) return;
                _refs[handle] = (new AllowlistDecision(AllowlistVerdict.Deny, null, "native code is not available to signals"), name);
                return;
            }
            var (ns, type) = Key((TypeReferenceHandle)parent);
            var decision = allowlist.CheckMember(ns, type, PropertyName(name));
            _refs[handle] = (decision, $"{Display(ns, type)}.{name}");
        }

        private EntityHandle Head(TypeSpecificationHandle handle) =>
            md.GetTypeSpecification(handle).DecodeSignature(HeadTypeProvider.Instance, null);

        // Accessors are allowlisted by property/event name (DateTime::Now covers get_Now).
        private static string PropertyName(string name)
        {
            foreach (var prefix in (ReadOnlySpan<string>)["get_", "set_", "add_", "remove_"])
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length) return name[prefix.Length..];
            }
            return name;
        }

        private (string Ns, string Name) Key(TypeReferenceHandle handle)
        {
            var reference = md.GetTypeReference(handle);
            var name = StripArity(md.GetString(reference.Name));
            if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                var (ns, outer) = Key((TypeReferenceHandle)reference.ResolutionScope);
                return (ns, outer + "+" + name);
            }
            return (md.GetString(reference.Namespace), name);
        }

        private static string StripArity(string name)
        {
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            return tick < 0 ? name : name[..tick];
        }

        private static string Display(string ns, string name) => ns.Length == 0 ? name : $"{ns}.{name}";

        private string TypeName(TypeDefinition type)
        {
            var name = md.GetString(type.Name);
            var declaring = type.GetDeclaringType();
            if (!declaring.IsNil) return TypeName(md.GetTypeDefinition(declaring)) + "+" + name;
            var ns = md.GetString(type.Namespace);
            return ns.Length == 0 ? name : $"{ns}.{name}";
        }

        // <PrivateImplementationDetails>, <>y__InlineArray2, <>c__DisplayClass…: names C# cannot spell.
        private bool IsCompilerGenerated(TypeDefinition type)
        {
            for (var t = type; ; t = md.GetTypeDefinition(t.GetDeclaringType()))
            {
                if (md.GetString(t.Name).StartsWith('<')) return true;
                if (t.GetDeclaringType().IsNil) return false;
            }
        }

        private (int Line, int Column) LineOf(MethodDefinitionHandle handle)
        {
            if (pdb is null) return (1, 1);
            var info = pdb.GetMethodDebugInformation(MetadataTokens.MethodDebugInformationHandle(MetadataTokens.GetRowNumber(handle)));
            foreach (var point in info.GetSequencePoints())
            {
                if (!point.IsHidden) return (point.StartLine, point.StartColumn);
            }
            return (1, 1);
        }

        private void Deny(string display, string hint, string? methodName, int line, int column)
        {
            if (!_reported.Add(display + "@" + methodName)) return;
            if (methodName is null && _reported.Any(r => r.StartsWith(display + "@", StringComparison.Ordinal) && r.Length > display.Length + 1)) return;
            var where = methodName is null ? "" : $" (in {methodName})";
            Add(line, column, "DW4010", $"the emitted code uses '{display}'{where}, which signals may not use", hint);
        }

        private void Add(int line, int column, string id, string message, string hint) =>
            Found.Add(new SignalDiagnostic(id, DiagnosticSeverities.Error, DiagnosticLayers.EmitCheck, file, line, column, message, hint));
    }
}
