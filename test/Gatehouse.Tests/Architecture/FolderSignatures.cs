using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Gatehouse.Tests.Architecture;

/// <summary>
/// Decodes signatures and member tokens into the server's own types they mention; types of other assemblies are
/// dropped, because only edges between the server's folders matter.
/// </summary>
internal sealed class FolderSignatures(MetadataReader reader)
    : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
{
    private static readonly ImmutableArray<TypeDefinitionHandle> None = [];

    /// <summary><c>Gatehouse.Users.UserState</c> → <c>Users</c>; null outside <c>Gatehouse.*</c> (generated protos).</summary>
    public static string? FolderOf(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var ns = reader.GetString(reader.GetTypeDefinition(handle).Namespace);
        var parts = ns.Split('.');
        return parts.Length >= 2 && parts[0] == "Gatehouse" ? parts[1] : null;
    }

    public string NameOf(TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        return $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}";
    }

    public ImmutableArray<TypeDefinitionHandle> OfEntity(EntityHandle handle)
    {
        if (handle.IsNil)
        {
            return None;
        }
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                return [(TypeDefinitionHandle)handle];
            case HandleKind.TypeSpecification:
                return reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
            case HandleKind.MethodDefinition:
                return [reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()];
            case HandleKind.FieldDefinition:
                return [reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()];
            case HandleKind.MemberReference:
                return OfMemberReference(reader.GetMemberReference((MemberReferenceHandle)handle));
            case HandleKind.MethodSpecification:
                var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                return OfEntity(specification.Method).AddRange(Flatten(specification.DecodeSignature(this, null)));
            default:
                return None;
        }
    }

    private ImmutableArray<TypeDefinitionHandle> OfMemberReference(MemberReference member)
    {
        var parent = OfEntity(member.Parent);
        if (member.GetKind() == MemberReferenceKind.Field)
        {
            return parent.AddRange(member.DecodeFieldSignature(this, null));
        }
        var signature = member.DecodeMethodSignature(this, null);
        return parent.AddRange(signature.ReturnType).AddRange(Flatten(signature.ParameterTypes));
    }

    private static ImmutableArray<TypeDefinitionHandle> Flatten(ImmutableArray<ImmutableArray<TypeDefinitionHandle>> parts) =>
        parts.SelectMany(part => part).ToImmutableArray();

    public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

    public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) => None;

    public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;

    public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

    public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;

    public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

    public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

    public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

    public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) =>
        unmodifiedType;

    public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
        genericType.AddRange(Flatten(typeArguments));

    public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => None;

    public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => None;

    public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
        signature.ReturnType.AddRange(Flatten(signature.ParameterTypes));
}
