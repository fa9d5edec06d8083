using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>The error either vector index gives when a query's vector and the stored ones of its model differ in length.</summary>
    internal static class VectorDimensionMismatch
    {
        public static CarbonSpacesException Error(string model, int stored, int query) =>
            new CarbonSpacesException(
                "CarbonSpaces.EmbeddingInvalid",
                FailureKind.InvalidData,
                $"The chunks' vectors of {model} have {stored} dimensions and the query's has {query}: the service changed its model. Set -Dimensions with Set-CarbonEmbeddingModel, or embed the files again with Invoke-CarbonResync -ForceEmbeddingGeneration.",
                model);
    }
}
