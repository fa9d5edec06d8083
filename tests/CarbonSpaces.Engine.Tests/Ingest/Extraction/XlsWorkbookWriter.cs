using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction
{
    /// <summary>
    /// Writes a genuine Excel 97-2003 .xls (BIFF8 records in an OLE2 compound file) so the .xls
    /// path is tested on a real file: no package can write one. Cells may be string (stored in the
    /// shared-string table, as Excel does), double, DateTime (date-formatted number) or bool. The
    /// workbook stream must stay under about 60 KiB: one FAT sector addresses it all.
    /// </summary>
    public static class XlsWorkbookWriter
    {
        private const int SectorSize = 512;

        /// <summary>Streams shorter than this live in the mini stream; padding up to it keeps the file to one kind of sector.</summary>
        private const int MiniStreamCutoff = 4096;

        private const uint FreeSector = 0xFFFFFFFF;
        private const uint EndOfChain = 0xFFFFFFFE;
        private const uint FatSector = 0xFFFFFFFD;
        private const uint NoStream = 0xFFFFFFFF;

        private const ushort GeneralFormat = 0;
        private const ushort DateXf = 1;

        public static void Write(string path, params SampleSheet[] sheets) =>
            File.WriteAllBytes(path, CompoundFile(WorkbookStream(sheets)));

        private static byte[] WorkbookStream(SampleSheet[] sheets)
        {
            var sharedStrings = sheets.SelectMany(sheet => sheet.Rows).SelectMany(row => row).OfType<string>().Distinct().ToList();
            var sheetStreams = sheets.Select(sheet => SheetSubstream(sheet, sharedStrings)).ToList();

            // Each BOUNDSHEET names the stream offset of its sheet, which follows the globals, so
            // the globals are sized first with placeholder offsets.
            var globalsLength = Globals(sheets, sharedStrings, new int[sheets.Length]).Length;
            var offsets = new int[sheets.Length];
            var next = globalsLength;
            for (var i = 0; i < sheets.Length; i++)
            {
                offsets[i] = next;
                next += sheetStreams[i].Length;
            }

            var stream = new MemoryStream();
            stream.Write(Globals(sheets, sharedStrings, offsets), 0, globalsLength);
            foreach (var sheetStream in sheetStreams)
            {
                stream.Write(sheetStream, 0, sheetStream.Length);
            }

            return stream.ToArray();
        }

        private static byte[] Globals(SampleSheet[] sheets, List<string> sharedStrings, int[] sheetOffsets)
        {
            var records = new BiffWriter();
            records.Bof(substreamType: 0x0005);
            records.Record(0x0042, writer => writer.Write((ushort)1200)); // CODEPAGE: UTF-16
            records.Xf(GeneralFormat);
            records.Xf(14); // built-in m/d/yyyy
            for (var i = 0; i < sheets.Length; i++)
            {
                var index = i;
                records.Record(0x0085, writer => // BOUNDSHEET
                {
                    writer.Write(sheetOffsets[index]);
                    writer.Write((byte)0); // visible
                    writer.Write((byte)0); // worksheet
                    writer.Write((byte)sheets[index].Name.Length);
                    writer.Write((byte)1); // UTF-16 characters
                    writer.Write(Encoding.Unicode.GetBytes(sheets[index].Name));
                });
            }

            records.Record(0x00FC, writer => // SST
            {
                writer.Write(sharedStrings.Count);
                writer.Write(sharedStrings.Count);
                foreach (var text in sharedStrings)
                {
                    writer.Write((ushort)text.Length);
                    writer.Write((byte)1);
                    writer.Write(Encoding.Unicode.GetBytes(text));
                }
            });
            records.Eof();
            return records.ToArray();
        }

        private static byte[] SheetSubstream(SampleSheet sheet, List<string> sharedStrings)
        {
            var records = new BiffWriter();
            records.Bof(substreamType: 0x0010);
            records.Record(0x0200, writer => // DIMENSIONS
            {
                writer.Write(0);
                writer.Write(sheet.Rows.Length);
                writer.Write((ushort)0);
                writer.Write((ushort)sheet.Rows.Max(row => row.Length));
                writer.Write((ushort)0);
            });
            for (var row = 0; row < sheet.Rows.Length; row++)
            {
                for (var column = 0; column < sheet.Rows[row].Length; column++)
                {
                    var value = sheet.Rows[row][column];
                    if (value != null)
                    {
                        records.Cell((ushort)row, (ushort)column, value, sharedStrings);
                    }
                }
            }

            records.Eof();
            return records.ToArray();
        }

        /// <summary>A compound file holding one stream, "Workbook": header, one FAT sector, one directory sector, the data.</summary>
        private static byte[] CompoundFile(byte[] workbook)
        {
            var streamLength = Math.Max(workbook.Length, MiniStreamCutoff);
            var dataSectors = (streamLength + SectorSize - 1) / SectorSize;
            if (dataSectors + 2 > SectorSize / 4)
            {
                throw new ArgumentException("The sample workbook is too large for a single FAT sector.");
            }

            var file = new byte[(3 + dataSectors) * SectorSize];
            var header = new BinaryWriter(new MemoryStream(file, 0, SectorSize));
            header.Write(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 });
            header.Write(new byte[16]); // CLSID
            header.Write((ushort)0x003E); // minor version
            header.Write((ushort)0x0003); // major version 3: 512-byte sectors
            header.Write((ushort)0xFFFE); // little-endian
            header.Write((ushort)9); // sector shift: 2^9
            header.Write((ushort)6); // mini sector shift: 2^6
            header.Write(new byte[6]);
            header.Write(0); // directory sectors (always 0 in version 3)
            header.Write(1); // FAT sectors
            header.Write(1); // first directory sector
            header.Write(0); // transaction signature
            header.Write(MiniStreamCutoff);
            header.Write(EndOfChain); // first mini FAT sector
            header.Write(0); // mini FAT sectors
            header.Write(EndOfChain); // first DIFAT sector
            header.Write(0); // DIFAT sectors
            header.Write(0); // DIFAT[0]: the FAT is sector 0
            for (var i = 1; i < 109; i++)
            {
                header.Write(FreeSector);
            }

            var fat = new BinaryWriter(new MemoryStream(file, SectorSize, SectorSize));
            fat.Write(FatSector);
            fat.Write(EndOfChain); // the directory: one sector
            for (var sector = 2; sector < dataSectors + 2; sector++)
            {
                fat.Write(sector == dataSectors + 1 ? EndOfChain : (uint)(sector + 1));
            }

            for (var i = dataSectors + 2; i < SectorSize / 4; i++)
            {
                fat.Write(FreeSector);
            }

            var directory = new BinaryWriter(new MemoryStream(file, 2 * SectorSize, SectorSize));
            DirectoryEntry(directory, "Root Entry", type: 5, child: 1, startSector: EndOfChain, size: 0);
            DirectoryEntry(directory, "Workbook", type: 2, child: NoStream, startSector: 2, size: streamLength);
            DirectoryEntry(directory, string.Empty, type: 0, child: NoStream, startSector: 0, size: 0);
            DirectoryEntry(directory, string.Empty, type: 0, child: NoStream, startSector: 0, size: 0);

            Array.Copy(workbook, 0, file, 3 * SectorSize, workbook.Length);
            return file;
        }

        private static void DirectoryEntry(BinaryWriter writer, string name, byte type, uint child, uint startSector, int size)
        {
            var nameBytes = new byte[64];
            Encoding.Unicode.GetBytes(name, 0, name.Length, nameBytes, 0);
            writer.Write(nameBytes);
            writer.Write((ushort)(name.Length == 0 ? 0 : (name.Length + 1) * 2));
            writer.Write(type);
            writer.Write((byte)1); // black: a one-node red-black tree
            writer.Write(NoStream); // left sibling
            writer.Write(NoStream); // right sibling
            writer.Write(child);
            writer.Write(new byte[16]); // CLSID
            writer.Write(0); // state bits
            writer.Write(0L); // created
            writer.Write(0L); // modified
            writer.Write(startSector);
            writer.Write((long)size);
        }

        /// <summary>Writes BIFF records: a 16-bit type, a 16-bit length, then the data.</summary>
        private sealed class BiffWriter
        {
            private readonly MemoryStream _stream = new MemoryStream();

            public void Record(ushort type, Action<BinaryWriter> writeData)
            {
                var data = new MemoryStream();
                using (var writer = new BinaryWriter(data, Encoding.Unicode, leaveOpen: true))
                {
                    writeData(writer);
                }

                var output = new BinaryWriter(_stream, Encoding.Unicode, leaveOpen: true);
                output.Write(type);
                output.Write((ushort)data.Length);
                output.Write(data.ToArray());
            }

            public void Bof(ushort substreamType) => Record(0x0809, writer =>
            {
                writer.Write((ushort)0x0600); // BIFF8
                writer.Write(substreamType);
                writer.Write((ushort)0x0DBB); // build
                writer.Write((ushort)0x07CC); // year
                writer.Write(0); // file history flags
                writer.Write(6); // lowest BIFF version
            });

            public void Eof() => Record(0x000A, _ => { });

            public void Xf(ushort numberFormat) => Record(0x00E0, writer =>
            {
                writer.Write((ushort)0); // font
                writer.Write(numberFormat);
                writer.Write((ushort)0x0001); // locked cell format
                writer.Write(new byte[14]);
            });

            public void Cell(ushort row, ushort column, object value, List<string> sharedStrings)
            {
                switch (value)
                {
                    case string text:
                        Record(0x00FD, writer => // LABELSST
                        {
                            CellHeader(writer, row, column, GeneralFormat);
                            writer.Write(sharedStrings.IndexOf(text));
                        });
                        break;
                    case double number:
                        Number(row, column, number, GeneralFormat);
                        break;
                    case DateTime date:
                        Number(row, column, date.ToOADate(), DateXf);
                        break;
                    case bool flag:
                        Record(0x0205, writer => // BOOLERR
                        {
                            CellHeader(writer, row, column, GeneralFormat);
                            writer.Write((byte)(flag ? 1 : 0));
                            writer.Write((byte)0);
                        });
                        break;
                    default:
                        throw new ArgumentException("Unsupported .xls sample cell value " + value.GetType().Name, nameof(value));
                }
            }

            public byte[] ToArray() => _stream.ToArray();

            private void Number(ushort row, ushort column, double number, ushort xf) => Record(0x0203, writer =>
            {
                CellHeader(writer, row, column, xf);
                writer.Write(number);
            });

            private static void CellHeader(BinaryWriter writer, ushort row, ushort column, ushort xf)
            {
                writer.Write(row);
                writer.Write(column);
                writer.Write(xf);
            }
        }
    }
}
