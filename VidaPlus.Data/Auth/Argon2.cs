using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VidaPlus.Data.Auth;

/// <summary>The three Argon2 variants, numbered as RFC 9106 numbers them (the <c>y</c> of its H0).</summary>
internal enum Argon2Type
{
    Argon2d = 0,
    Argon2i = 1,
    Argon2id = 2,
}

/// <summary>What an Argon2 hash is made with, as a PHC string states it (<c>m=65536,t=3,p=4</c>).</summary>
internal sealed record Argon2Parameters(Argon2Type Type, int MemoryKiB, int Passes, int Lanes)
{
    /// <summary>The blocks actually used: the memory rounded down to a multiple of four per lane.</summary>
    public int Blocks => MemoryKiB / (4 * Lanes) * 4 * Lanes;

    /// <summary>Whether RFC 9106 allows these (its minimums; a lane count under 2^24).</summary>
    public bool Valid => Lanes is >= 1 and < (1 << 24) && Passes >= 1 && MemoryKiB >= 8 * Lanes;
}

/// <summary>
/// Argon2 version 1.3 (RFC 9106), without secret or associated data, as argon2-cffi and pwdlib use it. Written here
/// because the managed package used before cost 2.2 times the CPU of argon2-cffi's C verify (docs/auth.md): this one
/// fills the lanes of each slice in turn on the calling thread, into memory the caller owns and reuses, and
/// vectorizes the block XORs.
/// </summary>
internal static class Argon2
{
    public const int Version = 0x13;
    private const int BlockWords = 128;
    private const int SyncPoints = 4;

    /// <summary>The tag of <paramref name="password"/> and <paramref name="salt"/>, as long as <paramref name="tag"/>,
    /// computed in <paramref name="memory"/> (at least <see cref="Argon2Parameters.Blocks"/> × 128 words; its
    /// contents need not be cleared: every block is written before it is read).</summary>
    public static void Derive(Argon2Parameters parameters, ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Span<byte> tag, ulong[] memory)
    {
        if (!parameters.Valid)
        {
            throw new ArgumentException($"Argon2 parameters out of range: {parameters}", nameof(parameters));
        }
        var laneLength = parameters.Blocks / parameters.Lanes;
        var segmentLength = laneLength / SyncPoints;
        ArgumentOutOfRangeException.ThrowIfLessThan(memory.Length, parameters.Blocks * BlockWords, nameof(memory));

        Span<byte> seed = stackalloc byte[72];
        InitialHash(parameters, password, salt, tag.Length, seed[..64]);
        Span<byte> block = stackalloc byte[BlockWords * 8];
        for (var lane = 0; lane < parameters.Lanes; lane++)
        {
            for (var column = 0; column < 2; column++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(seed[64..], column);
                BinaryPrimitives.WriteInt32LittleEndian(seed[68..], lane);
                VariableHash(seed, block);
                MemoryMarshal.Cast<byte, ulong>(block).CopyTo(memory.AsSpan((lane * laneLength + column) * BlockWords, BlockWords));
            }
        }
        var segment = new Segment(parameters, laneLength, segmentLength);
        for (var pass = 0; pass < parameters.Passes; pass++)
        {
            for (var slice = 0; slice < SyncPoints; slice++)
            {
                for (var lane = 0; lane < parameters.Lanes; lane++)
                {
                    segment.Fill(memory, pass, slice, lane);
                }
            }
        }

        Span<ulong> final = stackalloc ulong[BlockWords];
        final.Clear();
        for (var lane = 0; lane < parameters.Lanes; lane++)
        {
            Xor(final, memory.AsSpan(((lane + 1) * laneLength - 1) * BlockWords, BlockWords));
        }
        VariableHash(MemoryMarshal.AsBytes(final), tag);
    }

    private readonly struct Segment(Argon2Parameters parameters, int laneLength, int segmentLength)
    {
        public void Fill(ulong[] memory, int pass, int slice, int lane)
        {
            // Compress's working blocks, made once per segment rather than once per block.
            Span<ulong> work = stackalloc ulong[2 * BlockWords];
            var independent = parameters.Type == Argon2Type.Argon2i || (parameters.Type == Argon2Type.Argon2id && pass == 0 && slice < 2);
            Span<ulong> addresses = stackalloc ulong[BlockWords];
            Span<ulong> counterBlock = stackalloc ulong[BlockWords];
            if (independent)
            {
                counterBlock.Clear();
                counterBlock[0] = (ulong)pass;
                counterBlock[1] = (ulong)lane;
                counterBlock[2] = (ulong)slice;
                counterBlock[3] = (ulong)parameters.Blocks;
                counterBlock[4] = (ulong)parameters.Passes;
                counterBlock[5] = (ulong)parameters.Type;
            }
            // The first two blocks of each lane came from H0.
            var first = pass == 0 && slice == 0 ? 2 : 0;
            if (independent && first != 0)
            {
                NextAddresses(addresses, counterBlock, work);
            }
            ref var blocks = ref MemoryMarshal.GetArrayDataReference(memory);
            var current = lane * laneLength + slice * segmentLength + first;
            for (var index = first; index < segmentLength; index++, current++)
            {
                var previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
                ulong pseudoRandom;
                if (independent)
                {
                    if (index % BlockWords == 0)
                    {
                        NextAddresses(addresses, counterBlock, work);
                    }
                    pseudoRandom = addresses[index % BlockWords];
                }
                else
                {
                    pseudoRandom = Unsafe.Add(ref blocks, previous * BlockWords);
                }
                var referenceLane = pass == 0 && slice == 0 ? lane : (int)((pseudoRandom >> 32) % (ulong)parameters.Lanes);
                var reference = referenceLane * laneLength + ReferenceColumn(pass, slice, index, referenceLane == lane, (uint)pseudoRandom);
                Compress(ref Unsafe.Add(ref blocks, previous * BlockWords), ref Unsafe.Add(ref blocks, reference * BlockWords),
                    ref Unsafe.Add(ref blocks, current * BlockWords), xorInto: pass > 0, work);
            }
        }

        // RFC 9106 3.4.1.2: the blocks a position may reference, and the one J1 picks among them, the older more rarely.
        private int ReferenceColumn(int pass, int slice, int index, bool sameLane, uint j1)
        {
            var finished = pass == 0 ? slice * segmentLength : laneLength - segmentLength;
            var area = sameLane ? finished + index - 1 : finished + (index == 0 ? -1 : 0);
            var x = ((ulong)j1 * j1) >> 32;
            var y = ((ulong)area * x) >> 32;
            var start = pass != 0 && slice != SyncPoints - 1 ? (slice + 1) * segmentLength : 0;
            return (int)(((ulong)start + (ulong)area - 1 - y) % (ulong)laneLength);
        }

        private static void NextAddresses(Span<ulong> addresses, Span<ulong> counterBlock, Span<ulong> work)
        {
            counterBlock[6]++;
            Span<ulong> zero = stackalloc ulong[BlockWords];
            Span<ulong> once = stackalloc ulong[BlockWords];
            zero.Clear();
            Compress(ref MemoryMarshal.GetReference(zero), ref MemoryMarshal.GetReference(counterBlock), ref MemoryMarshal.GetReference(once), xorInto: false, work);
            Compress(ref MemoryMarshal.GetReference(zero), ref MemoryMarshal.GetReference(once), ref MemoryMarshal.GetReference(addresses), xorInto: false, work);
        }
    }

    // G: R = X ^ Y, then BLAKE2b's round (with its multiplications) over R's rows, then its columns, XORed with R.
    private static void Compress(ref ulong x, ref ulong y, ref ulong result, bool xorInto, Span<ulong> work)
    {
        ref var rr = ref MemoryMarshal.GetReference(work);
        ref var zz = ref Unsafe.Add(ref rr, BlockWords);
        for (nuint k = 0; k < BlockWords; k += 4)
        {
            var v = Vector256.LoadUnsafe(ref x, k) ^ Vector256.LoadUnsafe(ref y, k);
            v.StoreUnsafe(ref rr, k);
            v.StoreUnsafe(ref zz, k);
        }
        for (var row = 0; row < 8; row++)
        {
            Permute(ref Unsafe.Add(ref zz, row * 16), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        }
        for (var column = 0; column < 8; column++)
        {
            Permute(ref Unsafe.Add(ref zz, column * 2), 0, 1, 16, 17, 32, 33, 48, 49, 64, 65, 80, 81, 96, 97, 112, 113);
        }
        for (nuint k = 0; k < BlockWords; k += 4)
        {
            var v = Vector256.LoadUnsafe(ref zz, k) ^ Vector256.LoadUnsafe(ref rr, k);
            if (xorInto)
            {
                v ^= Vector256.LoadUnsafe(ref result, k);
            }
            v.StoreUnsafe(ref result, k);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Permute(ref ulong b, int i0, int i1, int i2, int i3, int i4, int i5, int i6, int i7,
        int i8, int i9, int i10, int i11, int i12, int i13, int i14, int i15)
    {
        // Locals, so the sixteen words stay in registers through the eight quarter-rounds.
        ulong v0 = Unsafe.Add(ref b, i0), v1 = Unsafe.Add(ref b, i1), v2 = Unsafe.Add(ref b, i2), v3 = Unsafe.Add(ref b, i3);
        ulong v4 = Unsafe.Add(ref b, i4), v5 = Unsafe.Add(ref b, i5), v6 = Unsafe.Add(ref b, i6), v7 = Unsafe.Add(ref b, i7);
        ulong v8 = Unsafe.Add(ref b, i8), v9 = Unsafe.Add(ref b, i9), v10 = Unsafe.Add(ref b, i10), v11 = Unsafe.Add(ref b, i11);
        ulong v12 = Unsafe.Add(ref b, i12), v13 = Unsafe.Add(ref b, i13), v14 = Unsafe.Add(ref b, i14), v15 = Unsafe.Add(ref b, i15);
        QuarterRound(ref v0, ref v4, ref v8, ref v12);
        QuarterRound(ref v1, ref v5, ref v9, ref v13);
        QuarterRound(ref v2, ref v6, ref v10, ref v14);
        QuarterRound(ref v3, ref v7, ref v11, ref v15);
        QuarterRound(ref v0, ref v5, ref v10, ref v15);
        QuarterRound(ref v1, ref v6, ref v11, ref v12);
        QuarterRound(ref v2, ref v7, ref v8, ref v13);
        QuarterRound(ref v3, ref v4, ref v9, ref v14);
        (Unsafe.Add(ref b, i0), Unsafe.Add(ref b, i1), Unsafe.Add(ref b, i2), Unsafe.Add(ref b, i3)) = (v0, v1, v2, v3);
        (Unsafe.Add(ref b, i4), Unsafe.Add(ref b, i5), Unsafe.Add(ref b, i6), Unsafe.Add(ref b, i7)) = (v4, v5, v6, v7);
        (Unsafe.Add(ref b, i8), Unsafe.Add(ref b, i9), Unsafe.Add(ref b, i10), Unsafe.Add(ref b, i11)) = (v8, v9, v10, v11);
        (Unsafe.Add(ref b, i12), Unsafe.Add(ref b, i13), Unsafe.Add(ref b, i14), Unsafe.Add(ref b, i15)) = (v12, v13, v14, v15);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void QuarterRound(ref ulong a, ref ulong b, ref ulong c, ref ulong d)
    {
        a = a + b + (2 * (ulong)(uint)a * (uint)b);
        d = BitOperations.RotateRight(d ^ a, 32);
        c = c + d + (2 * (ulong)(uint)c * (uint)d);
        b = BitOperations.RotateRight(b ^ c, 24);
        a = a + b + (2 * (ulong)(uint)a * (uint)b);
        d = BitOperations.RotateRight(d ^ a, 16);
        c = c + d + (2 * (ulong)(uint)c * (uint)d);
        b = BitOperations.RotateRight(b ^ c, 63);
    }

    private static void Xor(Span<ulong> into, ReadOnlySpan<ulong> other)
    {
        for (var k = 0; k < into.Length; k++)
        {
            into[k] ^= other[k];
        }
    }

    // H0: every parameter, the password and the salt (no secret, no associated data), hashed to 64 bytes.
    private static void InitialHash(Argon2Parameters parameters, ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int tagLength, Span<byte> output)
    {
        var input = new byte[40 + password.Length + salt.Length];
        var rest = input.AsSpan();
        foreach (var value in new[] { parameters.Lanes, tagLength, parameters.MemoryKiB, parameters.Passes, Version, (int)parameters.Type, password.Length })
        {
            BinaryPrimitives.WriteInt32LittleEndian(rest, value);
            rest = rest[4..];
        }
        password.CopyTo(rest);
        rest = rest[password.Length..];
        BinaryPrimitives.WriteInt32LittleEndian(rest, salt.Length);
        salt.CopyTo(rest[4..]);
        // The secret's and the associated data's lengths, both zero, are the array's last eight bytes.
        Blake2b.Hash(input, output);
        // The password is in that buffer: it is not left to the garbage collector to overwrite some day.
        Array.Clear(input);
    }

    // H' (RFC 9106 3.3): the length and the input hashed, past 64 bytes by chaining 64-byte hashes, 32 bytes of each kept.
    private static void VariableHash(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var prefixed = new byte[4 + input.Length];
        BinaryPrimitives.WriteInt32LittleEndian(prefixed, output.Length);
        input.CopyTo(prefixed.AsSpan(4));
        if (output.Length <= 64)
        {
            Blake2b.Hash(prefixed, output);
            return;
        }
        Span<byte> chained = stackalloc byte[64];
        Span<byte> next = stackalloc byte[64];
        Blake2b.Hash(prefixed, chained);
        var written = 0;
        while (output.Length - written > 64)
        {
            chained[..32].CopyTo(output[written..]);
            written += 32;
            if (output.Length - written > 64)
            {
                Blake2b.Hash(chained, next);
                next.CopyTo(chained);
            }
        }
        Blake2b.Hash(chained, output[written..]);
    }
}
