using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Gatehouse.Tests.Architecture;

/// <summary>
/// The folder → folder edges of the compiled server, read from its metadata and IL (not from the source), so a
/// dependency hidden in a lambda, a generic argument or an attribute counts as much as a <c>using</c>. A folder is the
/// second segment of a namespace (<c>Gatehouse.&lt;Folder&gt;.…</c>); style.md makes namespace and folder the same.
/// </summary>
internal sealed class FolderDependencies
{
    private static readonly Dictionary<short, OperandType> OperandTypes = ReadOperandTypes();

    private readonly MetadataReader _reader;
    private readonly PEReader _pe;
    private readonly FolderSignatures _signatures;
    private readonly Dictionary<(string From, string To), (string FromType, string ToType)> _edges = [];

    private FolderDependencies(PEReader pe)
    {
        _pe = pe;
        _reader = pe.GetMetadataReader();
        _signatures = new FolderSignatures(_reader);
    }

    /// <summary>Each edge between two different folders, with one example pair of types that makes it.</summary>
    public IReadOnlyDictionary<(string From, string To), (string FromType, string ToType)> Edges => _edges;

    public static FolderDependencies Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var dependencies = new FolderDependencies(pe);
        dependencies.ReadAll();
        return dependencies;
    }

    private void ReadAll()
    {
        foreach (var handle in _reader.TypeDefinitions)
        {
            var outer = Outermost(handle);
            var from = FolderSignatures.FolderOf(_reader, outer);
            if (from is null)
            {
                continue;
            }
            var fromName = _signatures.NameOf(outer);
            foreach (var target in TargetsOf(handle))
            {
                var targetOuter = Outermost(target);
                var to = FolderSignatures.FolderOf(_reader, targetOuter);
                if (to is not null && to != from)
                {
                    _edges.TryAdd((from, to), (fromName, _signatures.NameOf(targetOuter)));
                }
            }
        }
    }

    private TypeDefinitionHandle Outermost(TypeDefinitionHandle handle)
    {
        while (true)
        {
            var declaring = _reader.GetTypeDefinition(handle).GetDeclaringType();
            if (declaring.IsNil)
            {
                return handle;
            }
            handle = declaring;
        }
    }

    private List<TypeDefinitionHandle> TargetsOf(TypeDefinitionHandle handle)
    {
        var type = _reader.GetTypeDefinition(handle);
        var found = new List<TypeDefinitionHandle>();
        found.AddRange(_signatures.OfEntity(type.BaseType));
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            found.AddRange(_signatures.OfEntity(_reader.GetInterfaceImplementation(implementation).Interface));
        }
        AddAttributes(found, type.GetCustomAttributes());
        AddGenericConstraints(found, type.GetGenericParameters());
        foreach (var fieldHandle in type.GetFields())
        {
            var field = _reader.GetFieldDefinition(fieldHandle);
            found.AddRange(field.DecodeSignature(_signatures, null));
            AddAttributes(found, field.GetCustomAttributes());
        }
        foreach (var propertyHandle in type.GetProperties())
        {
            var property = _reader.GetPropertyDefinition(propertyHandle);
            AddAttributes(found, property.GetCustomAttributes());
        }
        foreach (var methodHandle in type.GetMethods())
        {
            AddMethod(found, _reader.GetMethodDefinition(methodHandle));
        }
        return found;
    }

    private void AddMethod(List<TypeDefinitionHandle> found, MethodDefinition method)
    {
        var signature = method.DecodeSignature(_signatures, null);
        found.AddRange(signature.ReturnType);
        foreach (var parameter in signature.ParameterTypes)
        {
            found.AddRange(parameter);
        }
        AddAttributes(found, method.GetCustomAttributes());
        AddGenericConstraints(found, method.GetGenericParameters());
        foreach (var parameterHandle in method.GetParameters())
        {
            AddAttributes(found, _reader.GetParameter(parameterHandle).GetCustomAttributes());
        }
        if (method.RelativeVirtualAddress == 0)
        {
            return;
        }
        var body = _pe.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
        {
            var locals = _reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_signatures, null);
            foreach (var local in locals)
            {
                found.AddRange(local);
            }
        }
        AddInstructions(found, body.GetILReader());
    }

    private void AddInstructions(List<TypeDefinitionHandle> found, BlobReader il)
    {
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE)
            {
                code = (short)(0xFE00 | il.ReadByte());
            }
            switch (OperandTypes[code])
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    found.AddRange(_signatures.OfEntity(MetadataTokens.EntityHandle(il.ReadInt32())));
                    break;
                case OperandType.InlineSwitch:
                    // The count first, then that many targets. Read it on its own line: in "il.Offset += 4 *
                    // il.ReadInt32()" the old offset is taken before the read moves it, losing the count's 4 bytes.
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineBrTarget:
                case OperandType.InlineI:
                case OperandType.InlineSig:
                case OperandType.InlineString:
                case OperandType.ShortInlineR:
                    il.Offset += 4;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    throw new InvalidOperationException($"IL operand type {OperandTypes[code]} not handled");
            }
        }
    }

    private void AddAttributes(List<TypeDefinitionHandle> found, CustomAttributeHandleCollection attributes)
    {
        foreach (var handle in attributes)
        {
            found.AddRange(_signatures.OfEntity(_reader.GetCustomAttribute(handle).Constructor));
        }
    }

    private void AddGenericConstraints(List<TypeDefinitionHandle> found, GenericParameterHandleCollection parameters)
    {
        foreach (var parameterHandle in parameters)
        {
            foreach (var constraintHandle in _reader.GetGenericParameter(parameterHandle).GetConstraints())
            {
                found.AddRange(_signatures.OfEntity(_reader.GetGenericParameterConstraint(constraintHandle).Type));
            }
        }
    }

    // The opcode table is read off System.Reflection.Emit.OpCodes, the runtime's own list, rather than typed out.
    private static Dictionary<short, OperandType> ReadOperandTypes() =>
        typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (OpCode)field.GetValue(null)!)
            .ToDictionary(code => code.Value, code => code.OperandType);
}
