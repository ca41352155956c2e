using SkiaSharp;

namespace Som.Runner.Rendering;

/// <summary>
/// Where each unit of a map is drawn in a picture: a tile (image mosaics), or a cell (heatmaps: squares on a
/// rectangular map, pointy-top hexagons on a hexagonal one). Unit j = y·W + x, as in the codebook.
/// </summary>
internal sealed class MapLayout
{
    private readonly SKRectI[] _tiles;
    private readonly SKPoint[] _centers;

    private MapLayout(int width, int height, bool hexagons, float radius, SKRectI[] tiles, SKPoint[] centers, int pixelWidth, int pixelHeight)
    {
        Width = width;
        Height = height;
        Hexagons = hexagons;
        Radius = radius;
        _tiles = tiles;
        _centers = centers;
        PixelWidth = pixelWidth;
        PixelHeight = pixelHeight;
    }

    /// <summary>Map width W (columns).</summary>
    public int Width { get; }
    /// <summary>Map height H (rows).</summary>
    public int Height { get; }
    /// <summary>True when cells are hexagons.</summary>
    public bool Hexagons { get; }
    /// <summary>Circumradius of a hexagonal cell in pixels (0 for square cells).</summary>
    public float Radius { get; }
    /// <summary>Width of everything drawn, in pixels, from the origin given.</summary>
    public int PixelWidth { get; }
    /// <summary>Height of everything drawn, in pixels, from the origin given.</summary>
    public int PixelHeight { get; }
    /// <summary>Number of units.</summary>
    public int Units => _tiles.Length;

    /// <summary>The square area of unit <paramref name="j"/> (a tile, or the square a hexagon is inscribed in).</summary>
    public SKRectI Tile(int j) => _tiles[j];

    /// <summary>The centre of unit <paramref name="j"/>'s cell.</summary>
    public SKPoint Center(int j) => _centers[j];

    /// <summary>
    /// Tiles of <paramref name="tileWidth"/> × <paramref name="tileHeight"/> pixels, <paramref name="gap"/> apart,
    /// laid out as the map; on a hexagonal map odd rows are shifted right by half a pitch, (tileWidth + gap) / 2
    /// rounded down.
    /// </summary>
    public static MapLayout Tiles(int width, int height, bool hexagonal, int tileWidth, int tileHeight, int gap, int left, int top)
    {
        int pitch = tileWidth + gap, rowPitch = tileHeight + gap;
        int shift = hexagonal && height > 1 ? pitch / 2 : 0;
        var tiles = new SKRectI[width * height];
        var centers = new SKPoint[tiles.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int x0 = left + x * pitch + (y % 2 == 1 ? shift : 0), y0 = top + y * rowPitch;
                tiles[y * width + x] = new SKRectI(x0, y0, x0 + tileWidth, y0 + tileHeight);
                centers[y * width + x] = new SKPoint(x0 + tileWidth / 2f, y0 + tileHeight / 2f);
            }
        }
        return new MapLayout(width, height, false, 0, tiles, centers, width * pitch - gap + shift, height * rowPitch - gap);
    }

    /// <summary>
    /// Heatmap cells of <paramref name="cell"/> pixels across: squares on a rectangular map; on a hexagonal map
    /// hexagons that touch, odd rows shifted by half a cell, rows cell·√3/2 apart (the lattice's geometry).
    /// </summary>
    public static MapLayout Cells(int width, int height, bool hexagonal, int cell, int left, int top)
    {
        if (!hexagonal) return Tiles(width, height, false, cell, cell, 0, left, top);
        float radius = cell / MathF.Sqrt(3);
        var tiles = new SKRectI[width * height];
        var centers = new SKPoint[tiles.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                float cx = left + (x + 0.5f + (y % 2 == 1 ? 0.5f : 0)) * cell, cy = top + radius + y * 1.5f * radius;
                centers[y * width + x] = new SKPoint(cx, cy);
                tiles[y * width + x] = new SKRectI((int)(cx - cell / 2f), (int)(cy - cell / 2f), (int)(cx + cell / 2f), (int)(cy + cell / 2f));
            }
        }
        int pixelHeight = (int)MathF.Ceiling(2 * radius + (height - 1) * 1.5f * radius);
        int pixelWidth = width * cell + (height > 1 ? cell / 2 : 0);
        return new MapLayout(width, height, true, radius, tiles, centers, pixelWidth, pixelHeight);
    }

    /// <summary>
    /// A 1-D map's units in order, <paramref name="perRow"/> tiles to a row, each with <paramref name="label"/>
    /// pixels below it for its index.
    /// </summary>
    public static MapLayout Strip(int units, int perRow, int tileWidth, int tileHeight, int gap, int label, int left, int top)
    {
        int pitchX = tileWidth + gap, pitchY = tileHeight + label + gap;
        var tiles = new SKRectI[units];
        var centers = new SKPoint[units];
        for (int j = 0; j < units; j++)
        {
            int x0 = left + j % perRow * pitchX, y0 = top + j / perRow * pitchY;
            tiles[j] = new SKRectI(x0, y0, x0 + tileWidth, y0 + tileHeight);
            centers[j] = new SKPoint(x0 + tileWidth / 2f, y0 + tileHeight / 2f);
        }
        int rows = (units + perRow - 1) / perRow;
        return new MapLayout(units, 1, false, 0, tiles, centers, Math.Min(units, perRow) * pitchX - gap, rows * pitchY - gap);
    }

    /// <summary>The outline of unit <paramref name="j"/>'s cell.</summary>
    public SKPath Outline(int j)
    {
        var path = new SKPath();
        if (!Hexagons)
        {
            path.AddRect(Tile(j));
            return path;
        }
        var c = Center(j);
        // Pointy top: vertices at 30° + k·60°; the flat sides face left and right, so neighbours in a row touch.
        for (int k = 0; k < 6; k++)
        {
            double a = Math.PI / 180 * (60 * k - 90);
            var p = new SKPoint(c.X + Radius * (float)Math.Cos(a), c.Y + Radius * (float)Math.Sin(a));
            if (k == 0) path.MoveTo(p);
            else path.LineTo(p);
        }
        path.Close();
        return path;
    }
}
