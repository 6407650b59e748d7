"""Photos for the demo diaries, painted with Pillow: skies, the sea, a bowl of ramen, autumn leaves …

Nothing is downloaded and no image file is kept in the repository: each picture is drawn from a scene
name and a seed, so the same call always gives the same JPEG (about 800×600, a few milliseconds each).
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable
from itertools import pairwise

from PIL import Image, ImageDraw, ImageFilter

SIZE = (800, 600)
WIDTH, HEIGHT = SIZE

RGB = tuple[int, int, int]


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def _gradient(stops: list[tuple[float, RGB]], size: tuple[int, int] = SIZE) -> Image.Image:
    """A vertical gradient through (position 0–1, colour) stops: one column painted, then stretched."""
    _width, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(height - 1, 1)
        for (t0, c0), (t1, c1) in pairwise(stops):
            if t0 <= t <= t1:
                column.putpixel((0, y), _mix(c0, c1, (t - t0) / ((t1 - t0) or 1)))
                break
    return column.resize(size, Image.Resampling.NEAREST)


def _glow(image: Image.Image, centres: list[tuple[int, int]], radius: int, colour: RGB, strength: int = 90) -> None:
    """Soft halos (the sun, the moon, lanterns) blended over the image in place, blurred in one pass."""
    halo = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(halo)
    for x, y in centres:
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=strength)
    halo = halo.filter(ImageFilter.GaussianBlur(radius / 2))
    image.paste(Image.new("RGB", image.size, colour), mask=halo)


def _ridge(rng: random.Random, base: int, roughness: float, peaks: int) -> list[tuple[int, int]]:
    """A mountain ridge: a few random peaks joined by jagged slopes, closed along the bottom."""
    points = [(0, base + rng.randint(-40, 40))]
    for i in range(1, peaks + 1):
        points.append((WIDTH * i // (peaks + 1) + rng.randint(-40, 40), base - rng.randint(60, 170)))
        points.append((WIDTH * (2 * i + 1) // (2 * peaks + 2), base + rng.randint(-30, 30)))
    points.append((WIDTH, base + rng.randint(-40, 40)))
    jagged = []
    for (x0, y0), (x1, y1) in pairwise(points):
        steps = max(abs(x1 - x0) // 12, 1)
        for s in range(steps):
            t = s / steps
            jagged.append((round(x0 + (x1 - x0) * t), round(y0 + (y1 - y0) * t + rng.uniform(-1, 1) * roughness)))
    jagged.append(points[-1])
    return [*jagged, (WIDTH, HEIGHT), (0, HEIGHT)]


def _clouds(draw: ImageDraw.ImageDraw, rng: random.Random, count: int, top: int, bottom: int, colour: RGB) -> None:
    for _ in range(count):
        x, y = rng.randint(-50, WIDTH), rng.randint(top, bottom)
        for _ in range(rng.randint(4, 7)):
            dx, dy, r = rng.randint(0, 110), rng.randint(-12, 12), rng.randint(18, 34)
            draw.ellipse((x + dx - r * 1.6, y + dy - r, x + dx + r * 1.6, y + dy + r), fill=colour)


def mountains(rng: random.Random) -> Image.Image:
    """Morning in the Alps: a clear sky, the sun, layered ridges fading into the haze, snow on the highest."""
    image = _gradient([(0.0, (70, 130, 200)), (0.55, (185, 215, 240)), (1.0, (235, 240, 245))])
    sun = (rng.randint(120, 680), rng.randint(80, 160))
    _glow(image, [sun], 90, (255, 244, 214), 120)
    draw = ImageDraw.Draw(image)
    draw.ellipse((sun[0] - 32, sun[1] - 32, sun[0] + 32, sun[1] + 32), fill=(255, 250, 228))
    _clouds(draw, rng, 3, 40, 110, (245, 248, 252))
    layers = [((150, 165, 190), 320, 10), ((100, 120, 150), 390, 8), ((60, 85, 95), 470, 6), ((35, 60, 50), 540, 4)]
    for index, (colour, base, roughness) in enumerate(layers):
        ridge = _ridge(rng, base, roughness, rng.randint(2, 4))
        draw.polygon(ridge, fill=colour)
        if index == 0:
            # Snow on the far peaks: the part of the ridge above a ragged snowline.
            snowline = base - 100
            top = ridge[:-2]
            bottom = [(x, max(y, snowline + rng.randint(-8, 12))) for x, y in reversed(top)]
            draw.polygon([*top, *bottom], fill=(240, 244, 250))
    return image


def sea(rng: random.Random) -> Image.Image:
    """A southern sea: a turquoise shallows under a bright sky, the horizon, an island, the sun on the water."""
    horizon = rng.randint(250, 300)
    image = _gradient(
        [
            (0.0, (40, 120, 210)),
            (horizon / HEIGHT - 0.001, (170, 215, 240)),
            (horizon / HEIGHT, (20, 90, 150)),
            (0.75, (30, 160, 180)),
            (1.0, (120, 215, 200)),
        ]
    )
    draw = ImageDraw.Draw(image)
    _clouds(draw, rng, 4, 40, horizon - 70, (250, 252, 255))
    island = rng.randint(80, 600)
    draw.ellipse((island, horizon - 28, island + 170, horizon + 28), fill=(50, 95, 70))
    sun_x = rng.randint(250, 550)
    for y in range(horizon + 6, HEIGHT, 9):
        half = rng.randint(10, 40) + (y - horizon) // 6
        draw.line((sun_x - half, y, sun_x + half, y), fill=(235, 245, 240), width=2)
    for _ in range(60):
        x, y = rng.randint(0, WIDTH), rng.randint(horizon + 10, HEIGHT)
        draw.arc((x, y, x + 40, y + 10), 200, 340, fill=(200, 240, 240), width=2)
    return image


def ramen(rng: random.Random, *, spicy: bool = False) -> Image.Image:
    """A bowl of ramen from above: creamy broth, noodles, chashu, a soft-boiled egg, nori, negi and naruto.

    `spicy` makes it 台湾ラーメン, as Nagoya has it: red broth, minced pork, nira and chilli, nothing else.
    """
    image = _gradient([(0.0, (120, 78, 45)), (1.0, (90, 55, 30))])
    draw = ImageDraw.Draw(image)
    for y in range(0, HEIGHT, 14):  # wood grain
        draw.line((0, y + rng.randint(-3, 3), WIDTH, y + rng.randint(-3, 3)), fill=(105, 66, 38), width=2)
    cx, cy = 400 + rng.randint(-40, 40), 300 + rng.randint(-20, 20)
    rim = rng.choice([(160, 30, 30), (30, 30, 35), (235, 235, 228)]) if not spicy else (30, 30, 35)
    draw.ellipse((cx - 270, cy - 270, cx + 270, cy + 270), fill=(25, 20, 20))
    draw.ellipse((cx - 255, cy - 255, cx + 255, cy + 255), fill=rim)
    broth = (
        [(195, 60, 25), (210, 80, 35), (220, 95, 45)] if spicy else [(215, 175, 110), (228, 192, 130), (238, 205, 145)]
    )
    for r, colour in zip((235, 200, 140), broth, strict=True):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    for _ in range(45):  # noodles
        r = rng.randint(60, 200)
        start = rng.randint(0, 360)
        draw.arc((cx - r, cy - r, cx + r, cy + r), start, start + rng.randint(30, 90), fill=(245, 222, 150), width=5)
    if spicy:
        for _ in range(160):  # minced pork
            x, y = cx + rng.randint(-90, 90), cy + rng.randint(-90, 90)
            draw.ellipse((x - 6, y - 5, x + 6, y + 5), fill=(120, 55, 35))
        for _ in range(40):  # nira
            x, y, angle = cx + rng.randint(-150, 150), cy + rng.randint(-150, 150), rng.random() * math.pi
            draw.line((x, y, x + 40 * math.cos(angle), y + 40 * math.sin(angle)), fill=(60, 140, 50), width=7)
        for _ in range(12):  # chilli
            x, y = cx + rng.randint(-60, 60), cy + rng.randint(-60, 60)
            draw.ellipse((x - 9, y - 4, x + 9, y + 4), fill=(180, 20, 20))
    else:
        for angle in (200, 250):  # chashu
            mx, my = cx + 120 * math.cos(math.radians(angle)), cy + 120 * math.sin(math.radians(angle))
            draw.ellipse((mx - 62, my - 55, mx + 62, my + 55), fill=(190, 120, 90))
            draw.ellipse((mx - 48, my - 42, mx + 48, my + 42), fill=(225, 170, 140))
            draw.arc((mx - 30, my - 25, mx + 30, my + 25), 0, 300, fill=(240, 215, 195), width=6)
        nori = [(60, -230), (180, -170), (120, -40), (0, -100)]
        draw.polygon([(cx + x, cy + y) for x, y in nori], fill=(25, 45, 30))
        for dx in (0, 70):  # half an egg each
            x, y = cx + 40 + dx, cy + 110
            draw.ellipse((x - 40, y - 55, x + 40, y + 55), fill=(250, 248, 240))
            draw.ellipse((x - 24, y - 26, x + 24, y + 26), fill=(240, 150, 30))
        draw.ellipse((cx - 150, cy + 40, cx - 70, cy + 120), fill=(252, 250, 250))  # naruto
        draw.arc((cx - 135, cy + 55, cx - 85, cy + 105), 0, 330, fill=(230, 90, 130), width=6)
        draw.arc((cx - 120, cy + 70, cx - 100, cy + 90), 0, 330, fill=(230, 90, 130), width=5)
        for _ in range(30):  # negi
            x, y = cx + rng.randint(-60, 60), cy + rng.randint(-60, 30)
            draw.ellipse((x - 8, y - 8, x + 8, y + 8), outline=(90, 160, 60), width=4)
    for offset in (0, 28):  # chopsticks
        draw.polygon(
            [(560 + offset, 40), (572 + offset, 36), (740 + offset, 580), (730 + offset, 584)], fill=(60, 35, 20)
        )
    if rng.random() < 0.5:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return image


def taiwan_ramen(rng: random.Random) -> Image.Image:
    return ramen(rng, spicy=True)


def _blossom(draw: ImageDraw.ImageDraw, x: float, y: float, size: float, turn: float, colour: RGB) -> None:
    for petal in range(5):
        angle = turn + petal * 2 * math.pi / 5
        px, py = x + size * math.cos(angle), y + size * math.sin(angle)
        draw.ellipse((px - size * 0.75, py - size * 0.75, px + size * 0.75, py + size * 0.75), fill=colour)
    draw.ellipse((x - size * 0.35, y - size * 0.35, x + size * 0.35, y + size * 0.35), fill=(220, 90, 120))


def sakura(rng: random.Random) -> Image.Image:
    """Cherry blossom against a blue sky: a dark branch heavy with flowers, petals drifting down."""
    image = _gradient([(0.0, (60, 130, 215)), (1.0, (175, 210, 240))])
    draw = ImageDraw.Draw(image)
    x, y = -20, rng.randint(80, 200)
    branch = [(x, y)]
    for _ in range(8):
        x += rng.randint(70, 110)
        y += rng.randint(-30, 60)
        branch.append((x, y))
    draw.line(branch, fill=(70, 45, 40), width=16, joint="curve")
    for bx, by in branch[1:-1]:
        twig = (bx + rng.randint(-60, 60), by + rng.choice([-1, 1]) * rng.randint(50, 110))
        draw.line([(bx, by), twig], fill=(80, 55, 45), width=7)
        branch.append(twig)
    pinks = [(255, 205, 220), (250, 185, 205), (255, 225, 235), (245, 170, 195)]
    for bx, by in branch:
        for _ in range(rng.randint(6, 10)):
            _blossom(
                draw,
                bx + rng.randint(-55, 55),
                by + rng.randint(-45, 45),
                rng.randint(9, 15),
                rng.random() * 6.3,
                rng.choice(pinks),
            )
    for _ in range(50):  # falling petals
        px, py, r = rng.randint(0, WIDTH), rng.randint(0, HEIGHT), rng.randint(4, 8)
        draw.ellipse((px - r, py - r / 2, px + r, py + r / 2), fill=rng.choice(pinks))
    return image


def _maple_leaf(draw: ImageDraw.ImageDraw, x: float, y: float, size: float, turn: float, colour: RGB) -> None:
    points = []
    for i in range(14):
        angle = turn + i * math.pi / 7
        radius = size if i % 2 == 0 else size * 0.45
        if i in (6, 8):  # the two lower lobes are shorter
            radius *= 0.7
        points.append((x + radius * math.cos(angle), y + radius * math.sin(angle)))
    draw.polygon(points, fill=colour)
    stem = turn + math.pi
    draw.line((x, y, x + size * 0.8 * math.cos(stem), y + size * 0.8 * math.sin(stem)), fill=(110, 50, 20), width=3)


def autumn(rng: random.Random) -> Image.Image:
    """紅葉: maple leaves in red, orange and gold over a warm blurred background."""
    image = _gradient([(0.0, (250, 205, 120)), (0.5, (215, 110, 60)), (1.0, (120, 50, 35))])
    draw = ImageDraw.Draw(image)
    for _ in range(25):  # out-of-focus leaves behind
        x, y, r = rng.randint(0, WIDTH), rng.randint(0, HEIGHT), rng.randint(30, 70)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice([(235, 150, 70), (200, 80, 50), (245, 190, 90)]))
    image = image.filter(ImageFilter.GaussianBlur(12))
    draw = ImageDraw.Draw(image)
    colours = [(200, 30, 30), (225, 70, 30), (240, 130, 20), (245, 180, 30), (180, 20, 40)]
    for _ in range(38):
        _maple_leaf(
            draw,
            rng.randint(0, WIDTH),
            rng.randint(0, HEIGHT),
            rng.randint(28, 60),
            rng.random() * 6.3,
            rng.choice(colours),
        )
    return image


def night_city(rng: random.Random) -> Image.Image:
    """A city at night: a deep blue sky, a thin moon, towers with lit windows reflected in the bay."""
    image = _gradient([(0.0, (10, 15, 45)), (0.55, (45, 40, 95)), (0.72, (90, 60, 110)), (1.0, (15, 20, 40))])
    draw = ImageDraw.Draw(image)
    for _ in range(120):
        x, y = rng.randint(0, WIDTH), rng.randint(0, 300)
        draw.point((x, y), fill=(230, 230, 255))
    moon = (rng.randint(520, 720), rng.randint(60, 120))
    _glow(image, [moon], 60, (200, 200, 240), 70)
    draw = ImageDraw.Draw(image)
    draw.ellipse((moon[0] - 28, moon[1] - 28, moon[0] + 28, moon[1] + 28), fill=(250, 245, 215))
    draw.ellipse((moon[0] - 16, moon[1] - 34, moon[0] + 40, moon[1] + 22), fill=(18, 22, 55))
    water = 430
    x = 0
    while x < WIDTH:
        width, height = rng.randint(40, 90), rng.randint(90, 300)
        shade = rng.randint(20, 40)
        draw.rectangle((x, water - height, x + width, water), fill=(shade, shade, shade + 20))
        for wy in range(water - height + 10, water - 6, 14):
            for wx in range(x + 6, x + width - 8, 12):
                if rng.random() < 0.45:
                    lit = rng.choice([(255, 220, 130), (255, 240, 190), (200, 220, 255)])
                    draw.rectangle((wx, wy, wx + 5, wy + 7), fill=lit)
        x += width + rng.randint(2, 10)
    tower = rng.randint(150, 600)  # a red-and-white broadcasting tower
    draw.polygon([(tower - 40, water), (tower, water - 330), (tower + 40, water)], fill=(200, 70, 50))
    draw.line((tower, water - 330, tower, water - 380), fill=(230, 230, 230), width=3)
    reflection = image.crop((0, water - 170, WIDTH, water)).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    reflection = reflection.filter(ImageFilter.GaussianBlur(4)).point(lambda v: v * 6 // 10)
    image.paste(reflection, (0, water))
    return image


def starry_sky(rng: random.Random) -> Image.Image:
    """天体観測: the Milky Way over dark hills, thousands of stars."""
    image = _gradient([(0.0, (5, 8, 25)), (0.7, (20, 30, 70)), (1.0, (40, 50, 90))])
    band = Image.new("L", SIZE, 0)
    band_draw = ImageDraw.Draw(band)
    for i in range(40):
        x = i * 22 - 40
        y = 520 - i * 13 + rng.randint(-20, 20)
        band_draw.ellipse((x - 60, y - 40, x + 60, y + 40), fill=rng.randint(60, 120))
    band = band.filter(ImageFilter.GaussianBlur(30))
    image.paste(Image.new("RGB", SIZE, (190, 180, 220)), mask=band)
    draw = ImageDraw.Draw(image)
    for _ in range(900):
        x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
        light = rng.randint(120, 255)
        draw.point((x, y), fill=(light, light, min(255, light + 20)))
    for _ in range(25):
        x, y = rng.randint(0, WIDTH), rng.randint(0, 450)
        draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=(255, 250, 235))
    hills = [(0, 520), (150, 470), (330, 505), (520, 450), (700, 500), (800, 480), (800, 600), (0, 600)]
    draw.polygon(hills, fill=(8, 10, 15))
    return image


def lanterns(rng: random.Random) -> Image.Image:
    """地元の祭り: a row of glowing paper lanterns at dusk over the crowd."""
    image = _gradient([(0.0, (40, 40, 90)), (0.55, (190, 90, 90)), (1.0, (250, 170, 90))])
    rows = [(120, 70), (260, 55)]
    positions: list[tuple[int, int, int]] = []
    for base, size in rows:
        count = WIDTH // (size * 2)
        for i in range(count + 1):
            x = i * WIDTH // count
            sag = round(25 * math.sin(math.pi * (i % count) / count))
            positions.append((x, base + sag, size))
    _glow(image, [(x, y) for x, y, _size in positions], 80, (255, 200, 120), 110)
    draw = ImageDraw.Draw(image)
    for base, _size in rows:
        draw.line(
            [(x, base + round(25 * math.sin(math.pi * x / WIDTH))) for x in range(0, WIDTH + 1, 40)],
            fill=(30, 20, 20),
            width=2,
        )
    for x, y, size in positions:
        red = rng.random() < 0.7
        body = (225, 50, 40) if red else (250, 240, 220)
        draw.ellipse((x - size * 0.55, y - size * 0.7, x + size * 0.55, y + size * 0.7), fill=body)
        for k in (-0.35, 0.0, 0.35):
            draw.line((x - size * 0.5, y + size * k, x + size * 0.5, y + size * k), fill=(170, 40, 30), width=1)
        draw.rectangle((x - size * 0.3, y - size * 0.8, x + size * 0.3, y - size * 0.65), fill=(30, 20, 20))
        draw.rectangle((x - size * 0.3, y + size * 0.65, x + size * 0.3, y + size * 0.8), fill=(30, 20, 20))
    for _ in range(45):  # the crowd
        x, height = rng.randint(-20, WIDTH), rng.randint(90, 150)
        draw.ellipse((x - 16, HEIGHT - height - 30, x + 16, HEIGHT - height + 2), fill=(25, 20, 30))
        draw.rounded_rectangle((x - 30, HEIGHT - height, x + 30, HEIGHT + 20), 18, fill=(25, 20, 30))
    return image


def wagashi(rng: random.Random) -> Image.Image:
    """和菓子: seasonal sweets on a dark plate beside a bowl of matcha, on a wooden tray."""
    image = _gradient([(0.0, (170, 130, 90)), (1.0, (140, 100, 65))])
    draw = ImageDraw.Draw(image)
    for y in range(0, HEIGHT, 18):
        draw.line((0, y + rng.randint(-4, 4), WIDTH, y + rng.randint(-4, 4)), fill=(155, 115, 78), width=3)
    draw.ellipse((60, 130, 480, 500), fill=(40, 40, 45))
    draw.ellipse((75, 142, 465, 488), fill=(55, 55, 62))
    sweets = [((195, 260), (245, 170, 190)), ((340, 270), (250, 240, 225)), ((265, 390), (160, 190, 110))]
    for (x, y), colour in sweets:
        draw.ellipse((x - 62, y - 55, x + 62, y + 55), fill=colour)
        draw.ellipse((x - 50, y - 48, x + 40, y + 20), fill=_mix(colour, (255, 255, 255), 0.25))
        _maple_leaf(draw, x + 8, y - 4, 16, rng.random() * 6.3, (215, 90, 50))
    draw.ellipse((520, 170, 760, 410), fill=(90, 60, 50))
    draw.ellipse((540, 190, 740, 390), fill=(120, 160, 60))
    draw.ellipse((580, 220, 700, 330), fill=(150, 185, 80))
    return image


def apples(rng: random.Random) -> Image.Image:
    """りんご: a branch of ripe apples in an orchard under the autumn sun."""
    image = _gradient([(0.0, (150, 200, 240)), (0.6, (200, 225, 200)), (1.0, (110, 150, 80))])
    draw = ImageDraw.Draw(image)
    for _ in range(70):
        x, y, r = rng.randint(0, WIDTH), rng.randint(0, 420), rng.randint(30, 70)
        draw.ellipse(
            (x - r, y - r * 0.7, x + r, y + r * 0.7), fill=rng.choice([(60, 120, 50), (80, 140, 60), (50, 100, 45)])
        )
    draw.line([(0, 120), (250, 200), (520, 180), (800, 260)], fill=(90, 60, 40), width=14, joint="curve")
    for _ in range(14):
        x, y = rng.randint(40, 760), rng.randint(200, 480)
        r = rng.randint(32, 48)
        draw.line((x, y - r, x + rng.randint(-10, 10), y - r - 25), fill=(90, 60, 40), width=4)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice([(200, 30, 40), (180, 20, 30), (215, 50, 45)]))
        draw.ellipse((x - r * 0.6, y - r * 0.7, x - r * 0.1, y - r * 0.2), fill=(235, 110, 100))
    return image


SCENES: dict[str, Callable[[random.Random], Image.Image]] = {
    "mountains": mountains,
    "sea": sea,
    "ramen": ramen,
    "taiwan_ramen": taiwan_ramen,
    "sakura": sakura,
    "autumn": autumn,
    "night_city": night_city,
    "starry_sky": starry_sky,
    "lanterns": lanterns,
    "wagashi": wagashi,
    "apples": apples,
}


def demo_photo(scene: str, seed: int = 0) -> bytes:
    """The JPEG bytes of one painted scene; the same scene and seed always give the same picture."""
    image = SCENES[scene](random.Random(f"{scene}:{seed}"))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()
