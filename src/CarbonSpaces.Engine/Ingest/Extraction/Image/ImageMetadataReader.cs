using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MetadataExtractor;
using MetadataExtractor.Formats.Bmp;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Gif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.WebP;
using Directory = MetadataExtractor.Directory;

namespace CarbonSpaces.Engine.Ingest.Extraction.Image
{
    /// <summary>
    /// An image's size, and from its EXIF data where present the camera, when the picture was taken
    /// and where: MetadataExtractor reads the headers only, so this costs milliseconds whatever the size.
    /// </summary>
    internal static class ImageMetadataReader
    {
        /// <summary>Where each format keeps its pixel size; TIFF keeps it in its first IFD, as EXIF does.</summary>
        private static readonly (Type Directory, int Width, int Height)[] SizeTags =
        {
            (typeof(JpegDirectory), JpegDirectory.TagImageWidth, JpegDirectory.TagImageHeight),
            (typeof(PngDirectory), PngDirectory.TagImageWidth, PngDirectory.TagImageHeight),
            (typeof(GifHeaderDirectory), GifHeaderDirectory.TagImageWidth, GifHeaderDirectory.TagImageHeight),
            (typeof(BmpHeaderDirectory), BmpHeaderDirectory.TagImageWidth, BmpHeaderDirectory.TagImageHeight),
            (typeof(WebPDirectory), WebPDirectory.TagImageWidth, WebPDirectory.TagImageHeight),
            (typeof(ExifIfd0Directory), ExifDirectoryBase.TagImageWidth, ExifDirectoryBase.TagImageHeight),
        };

        public static DocumentMetadata Read(Stream image)
        {
            var directories = MetadataExtractor.ImageMetadataReader.ReadMetadata(image);
            var metadata = new DocumentMetadata();
            var size = SizeTags
                .Select(tags => (Directory: directories.FirstOrDefault(d => d.GetType() == tags.Directory), tags.Width, tags.Height))
                .FirstOrDefault(found => found.Directory != null && found.Directory.ContainsTag(found.Width) && found.Directory.ContainsTag(found.Height));
            if (size.Directory != null)
            {
                metadata.Set(MetadataKeys.Width, size.Directory.GetInt64(size.Width));
                metadata.Set(MetadataKeys.Height, size.Directory.GetInt64(size.Height));
            }

            var camera = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
            if (camera != null)
            {
                metadata.Set(MetadataKeys.Camera, Camera(camera.GetString(ExifDirectoryBase.TagMake), camera.GetString(ExifDirectoryBase.TagModel)));
            }

            var exif = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
            if (exif != null && exif.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var taken))
            {
                metadata.Set(MetadataKeys.TakenAt, TakenAt(taken, exif.GetString(ExifDirectoryBase.TagTimeZoneOriginal)));
            }

            var gps = directories.OfType<GpsDirectory>().FirstOrDefault()?.GetGeoLocation();
            if (gps != null && !gps.IsZero)
            {
                metadata.Set(MetadataKeys.Latitude, gps.Latitude);
                metadata.Set(MetadataKeys.Longitude, gps.Longitude);
            }

            return metadata;
        }

        /// <summary>"Canon Canon EOS 5D" reads better as "Canon EOS 5D": most models repeat the make.</summary>
        private static string? Camera(string? make, string? model)
        {
            make = make?.Trim();
            model = model?.Trim();
            if (string.IsNullOrEmpty(make))
            {
                return model;
            }

            return string.IsNullOrEmpty(model) ? make : model!.StartsWith(make!, StringComparison.OrdinalIgnoreCase) ? model : make + " " + model;
        }

        /// <summary>EXIF keeps the camera's local clock; with its offset (EXIF 2.31) that is an exact time, without it the clock is taken as UTC.</summary>
        private static DateTimeOffset TakenAt(DateTime local, string? offset)
        {
            var clock = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            return offset != null && TimeSpan.TryParseExact(offset.TrimStart('+'), @"hh\:mm", CultureInfo.InvariantCulture, out var span)
                ? new DateTimeOffset(clock, offset.StartsWith("-", StringComparison.Ordinal) ? span.Negate() : span)
                : new DateTimeOffset(clock, TimeSpan.Zero);
        }

        private static long GetInt64(this Directory directory, int tag) => Convert.ToInt64(directory.GetObject(tag), CultureInfo.InvariantCulture);
    }
}
