using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Signals.Runtime.Compilation.Internal;

/// <summary>Decodes a type signature to the handle of its head type: <c>List&lt;int&gt;</c> to <c>List`1</c>'s reference.</summary>
internal sealed class HeadTypeProvider : ISignatureTypeProvider<EntityHandle, object?>
{
    public static HeadTypeProvider Instance { get; } = new();

    public EntityHandle GetGenericInstantiation(EntityHandle genericType, ImmutableArray<EntityHandle> typeArguments) => genericType;

    public EntityHandle GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => handle;

    public EntityHandle GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => handle;

    public EntityHandle GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public EntityHandle GetArrayType(EntityHandle elementType, ArrayShape shape) => elementType;

    public EntityHandle GetSZArrayType(EntityHandle elementType) => elementType;

    public EntityHandle GetByReferenceType(EntityHandle elementType) => elementType;

    public EntityHandle GetPointerType(EntityHandle elementType) => default;

    public EntityHandle GetPinnedType(EntityHandle elementType) => elementType;

    public EntityHandle GetModifiedType(EntityHandle modifier, EntityHandle unmodifiedType, bool isRequired) => unmodifiedType;

    public EntityHandle GetFunctionPointerType(MethodSignature<EntityHandle> signature) => default;

    public EntityHandle GetGenericMethodParameter(object? genericContext, int index) => default;

    public EntityHandle GetGenericTypeParameter(object? genericContext, int index) => default;

    public EntityHandle GetPrimitiveType(PrimitiveTypeCode typeCode) => default;
}
