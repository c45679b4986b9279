// Compiled by MSBuild's RoslynCodeTaskFactory (see LibStdCxxCompat.targets); not part of any project.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks the libstdc++ symbol-version requirements of ELF shared libraries that the system's
/// libstdc++ does not define as weak, so that glibc loads them. Only version *requirements*
/// are touched: a symbol that is really missing still fails at binding time, loudly.
/// </summary>
public class PatchLibStdCxxVersionNeeds : Task
{
    [Required]
    public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    static readonly string[] SystemLibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    public override bool Execute()
    {
        string systemLib = null;
        foreach (var candidate in SystemLibStdCxxCandidates)
        {
            if (File.Exists(candidate)) { systemLib = candidate; break; }
        }
        if (systemLib == null)
        {
            Log.LogMessage(MessageImportance.Low, "PriorClip: no system libstdc++.so.6 found; nothing to patch.");
            return true;
        }

        HashSet<string> defined;
        try { defined = ElfVersions.ReadDefinedVersions(File.ReadAllBytes(systemLib)); }
        catch (Exception e)
        {
            Log.LogWarning("PriorClip: could not read the version definitions of {0}: {1}", systemLib, e.Message);
            return true;
        }

        foreach (var item in Libraries)
        {
            var path = item.ItemSpec;
            try
            {
                var bytes = File.ReadAllBytes(path);
                var patched = ElfVersions.WeakenMissingNeeds(bytes, "libstdc++.so.6", defined);
                if (patched.Count == 0) continue;
                // Write next to the target and rename over it, so a crash never leaves half a library.
                var tmp = path + ".priorclip-tmp";
                File.WriteAllBytes(tmp, bytes);
                File.Replace(tmp, path, null);
                Log.LogMessage(MessageImportance.High,
                    "PriorClip: marked {0} weak in {1} (system {2} lacks it).",
                    string.Join(", ", patched), path, systemLib);
            }
            catch (Exception e)
            {
                Log.LogError("PriorClip: could not patch {0}: {1}", path, e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }
}

/// <summary>Minimal ELF64 little-endian reader/writer for symbol-version sections.</summary>
public static class ElfVersions
{
    const uint ShtGnuVerdef = 0x6ffffffd;
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    struct Section { public uint Type; public long Offset; public long Size; public uint Link; public uint Info; }

    static Section[] ReadSections(byte[] b)
    {
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (b[4] != 2 || b[5] != 1) throw new InvalidDataException("only 64-bit little-endian ELF is supported");
        long shoff = BitConverter.ToInt64(b, 0x28);
        int shentsize = BitConverter.ToUInt16(b, 0x3A);
        int shnum = BitConverter.ToUInt16(b, 0x3C);
        var sections = new Section[shnum];
        for (int i = 0; i < shnum; i++)
        {
            long o = shoff + (long)i * shentsize;
            sections[i] = new Section
            {
                Type = BitConverter.ToUInt32(b, (int)o + 4),
                Offset = BitConverter.ToInt64(b, (int)o + 24),
                Size = BitConverter.ToInt64(b, (int)o + 32),
                Link = BitConverter.ToUInt32(b, (int)o + 40),
                Info = BitConverter.ToUInt32(b, (int)o + 44),
            };
        }
        return sections;
    }

    static string ReadString(byte[] b, long tableOffset, uint index)
    {
        long start = tableOffset + index;
        long end = start;
        while (b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)start, (int)(end - start));
    }

    /// <summary>Names of the versions a library defines (.gnu.version_d), e.g. GLIBCXX_3.4.30.</summary>
    public static HashSet<string> ReadDefinedVersions(byte[] b)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var sections = ReadSections(b);
        foreach (var s in sections)
        {
            if (s.Type != ShtGnuVerdef) continue;
            long strtab = sections[s.Link].Offset;
            long entry = s.Offset;
            for (uint i = 0; i < s.Info; i++)
            {
                // Elf64_Verdef: version(2) flags(2) ndx(2) cnt(2) hash(4) aux(4) next(4)
                uint aux = BitConverter.ToUInt32(b, (int)entry + 12);
                uint next = BitConverter.ToUInt32(b, (int)entry + 16);
                // The first Verdaux names the version itself: name(4) next(4)
                uint name = BitConverter.ToUInt32(b, (int)(entry + aux));
                result.Add(ReadString(b, strtab, name));
                if (next == 0) break;
                entry += next;
            }
        }
        return result;
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on every version that <paramref name="b"/> needs from
    /// <paramref name="fromFile"/> and that <paramref name="defined"/> lacks. Returns the
    /// versions changed by this call (empty when already patched or nothing is missing).
    /// </summary>
    public static List<string> WeakenMissingNeeds(byte[] b, string fromFile, HashSet<string> defined)
    {
        var changed = new List<string>();
        var sections = ReadSections(b);
        foreach (var s in sections)
        {
            if (s.Type != ShtGnuVerneed) continue;
            long strtab = sections[s.Link].Offset;
            long entry = s.Offset;
            for (uint i = 0; i < s.Info; i++)
            {
                // Elf64_Verneed: version(2) cnt(2) file(4) aux(4) next(4)
                ushort count = BitConverter.ToUInt16(b, (int)entry + 2);
                uint file = BitConverter.ToUInt32(b, (int)entry + 4);
                uint aux = BitConverter.ToUInt32(b, (int)entry + 8);
                uint next = BitConverter.ToUInt32(b, (int)entry + 12);
                if (ReadString(b, strtab, file) == fromFile)
                {
                    long a = entry + aux;
                    for (int j = 0; j < count; j++)
                    {
                        // Elf64_Vernaux: hash(4) flags(2) other(2) name(4) next(4)
                        ushort flags = BitConverter.ToUInt16(b, (int)a + 4);
                        string name = ReadString(b, strtab, BitConverter.ToUInt32(b, (int)a + 8));
                        if (!defined.Contains(name) && (flags & VerFlgWeak) == 0)
                        {
                            var newFlags = (ushort)(flags | VerFlgWeak);
                            b[a + 4] = (byte)(newFlags & 0xff);
                            b[a + 5] = (byte)(newFlags >> 8);
                            changed.Add(name);
                        }
                        uint anext = BitConverter.ToUInt32(b, (int)a + 12);
                        if (anext == 0) break;
                        a += anext;
                    }
                }
                if (next == 0) break;
                entry += next;
            }
        }
        return changed;
    }
}
