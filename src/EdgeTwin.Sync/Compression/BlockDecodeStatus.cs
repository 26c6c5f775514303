namespace EdgeTwin.Sync.Compression;

/// <summary>Why a block could not be decoded. Every malformed input maps to one of these; none throws.</summary>
public enum BlockDecodeStatus
{
    Ok,
    /// <summary>The input ended before the declared samples were read.</summary>
    Truncated,
    /// <summary>The first byte names a codec this build does not know.</summary>
    UnknownCodec,
    /// <summary>The declared sample count is zero or above <see cref="BlockCodec.MaxSamples"/>.</summary>
    CountOutOfRange,
    /// <summary>The destination spans are shorter than the declared sample count.</summary>
    DestinationTooSmall,
    /// <summary>A field is inconsistent: quality runs that do not add up, a bit window wider than 64 bits, a varint overflow.</summary>
    Malformed,
    /// <summary>Bytes or non-zero padding bits follow the last sample.</summary>
    TrailingData,
}
