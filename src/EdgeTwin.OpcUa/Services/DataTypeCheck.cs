using EdgeTwin.OpcUa.AddressSpace;
using EdgeTwin.OpcUa.Encoding;

namespace EdgeTwin.OpcUa.Services;

/// <summary>Whether a written or passed value fits a DataType and ValueRank (OPC 10000-3 §5.6.2, §8.40).</summary>
internal static class DataTypeCheck
{
    public static bool Fits(NodeStore store, Variant value, NodeId dataType, int valueRank)
    {
        if (value.IsNull)
        {
            return true;
        }

        var rankOk = valueRank switch
        {
            -1 => !value.IsArray,
            0 => value.IsArray,
            -2 => true,
            -3 => !value.IsArray || value.Dimensions is null,
            _ => value.IsArray && (value.Dimensions?.Length ?? 1) == valueRank,
        };
        if (!rankOk)
        {
            return false;
        }

        if (dataType == DataTypeIds.BaseDataType)
        {
            return true;
        }

        if (dataType == DataTypeIds.Number)
        {
            return value.IsNumeric;
        }

        if (dataType == DataTypeIds.Integer)
        {
            return value.Type is BuiltInType.SByte or BuiltInType.Int16 or BuiltInType.Int32 or BuiltInType.Int64;
        }

        if (dataType == DataTypeIds.UInteger)
        {
            return value.Type is BuiltInType.Byte or BuiltInType.UInt16 or BuiltInType.UInt32 or BuiltInType.UInt64;
        }

        var builtIn = BuiltInTypeOf(store, dataType);
        return builtIn == value.Type || (builtIn == BuiltInType.ByteString && value.Type == BuiltInType.Byte && value.IsArray);
    }

    /// <summary>The built-in type a data type is encoded as: walk supertypes to an id in 1..25.</summary>
    public static BuiltInType BuiltInTypeOf(NodeStore store, NodeId dataType)
    {
        for (var i = 0; i < 32 && !dataType.IsNull; i++)
        {
            if (dataType.NamespaceIndex == 0 && dataType.IdType == IdType.Numeric)
            {
                var n = dataType.NumericId;
                if (n is >= 1 and <= 25 && n != DataTypeIds.Structure && n != DataTypeIds.BaseDataType)
                {
                    return (BuiltInType)n;
                }

                if (n == DataTypeIds.Structure)
                {
                    return BuiltInType.ExtensionObject;
                }

                if (n == DataTypeIds.Enumeration)
                {
                    return BuiltInType.Int32;
                }
            }

            dataType = store.SuperTypeOf(dataType);
        }

        return BuiltInType.Variant;
    }
}
