"""Japanese words for the benchmark data set (benchmarks/dataset.py): names, places, sentences, tags, communities."""

from __future__ import annotations

import random

from tsunagu.core.text import hashtag_normalize

# (kanji, romaji) — the most common family names.
FAMILY_NAMES = [
    ("佐藤", "sato"), ("鈴木", "suzuki"), ("高橋", "takahashi"), ("田中", "tanaka"), ("伊藤", "ito"),
    ("渡辺", "watanabe"), ("山本", "yamamoto"), ("中村", "nakamura"), ("小林", "kobayashi"), ("加藤", "kato"),
    ("吉田", "yoshida"), ("山田", "yamada"), ("佐々木", "sasaki"), ("山口", "yamaguchi"), ("松本", "matsumoto"),
    ("井上", "inoue"), ("木村", "kimura"), ("林", "hayashi"), ("斎藤", "saito"), ("清水", "shimizu"),
    ("山崎", "yamazaki"), ("森", "mori"), ("池田", "ikeda"), ("橋本", "hashimoto"), ("阿部", "abe"),
    ("石川", "ishikawa"), ("山下", "yamashita"), ("中島", "nakajima"), ("石井", "ishii"), ("小川", "ogawa"),
    ("前田", "maeda"), ("岡田", "okada"), ("長谷川", "hasegawa"), ("藤田", "fujita"), ("後藤", "goto"),
    ("近藤", "kondo"), ("村上", "murakami"), ("遠藤", "endo"), ("青木", "aoki"), ("坂本", "sakamoto"),
]  # fmt: skip

# (kanji, hiragana, romaji) — given names of several generations.
GIVEN_NAMES = [
    ("花子", "はなこ", "hanako"), ("一郎", "いちろう", "ichiro"), ("健太", "けんた", "kenta"),
    ("美咲", "みさき", "misaki"), ("翔太", "しょうた", "shota"), ("彩", "あや", "aya"),
    ("大輔", "だいすけ", "daisuke"), ("舞", "まい", "mai"), ("拓海", "たくみ", "takumi"),
    ("七海", "ななみ", "nanami"), ("亮", "りょう", "ryo"), ("明日香", "あすか", "asuka"),
    ("愛", "あい", "ai"), ("澪", "みお", "mio"), ("千尋", "ちひろ", "chihiro"), ("遥", "はるか", "haruka"),
    ("翼", "つばさ", "tsubasa"), ("香織", "かおり", "kaori"), ("恵梨香", "えりか", "erika"),
    ("直樹", "なおき", "naoki"), ("翔", "しょう", "sho"), ("陽菜", "ひな", "hina"), ("蓮", "れん", "ren"),
    ("結衣", "ゆい", "yui"), ("凛", "りん", "rin"), ("さくら", "さくら", "sakura"), ("優花", "ゆうか", "yuka"),
    ("悠斗", "ゆうと", "yuto"), ("駿", "しゅん", "shun"), ("浩", "ひろし", "hiroshi"),
    ("健", "けん", "ken"), ("智子", "ともこ", "tomoko"), ("裕子", "ゆうこ", "yuko"), ("誠", "まこと", "makoto"),
    ("真由美", "まゆみ", "mayumi"), ("隆", "たかし", "takashi"), ("美穂", "みほ", "miho"),
    ("大樹", "だいき", "daiki"), ("彩花", "あやか", "ayaka"), ("颯太", "そうた", "sota"),
    ("沙織", "さおり", "saori"), ("康介", "こうすけ", "kosuke"), ("麻衣", "まい", "mai"),
    ("雄大", "ゆうだい", "yudai"), ("瞳", "ひとみ", "hitomi"), ("和也", "かずや", "kazuya"),
]  # fmt: skip
NICKNAME_ENDINGS = ["", "", "", "ちゃん", "っち", "☆", "♪", "です", "(^^)", "さん", "ぽん", "りん"]

# (label, prefecture code, schools there) — where the clusters of the network live and study.
REGIONS = [
    ("札幌", "JP-01", ["北海道大学", "札幌南高校", "北星学園大学"]),
    ("仙台", "JP-04", ["東北大学", "仙台第二高校", "東北学院大学"]),
    ("東京", "JP-13", ["早稲田大学", "慶應義塾大学", "東京大学", "明治大学", "日比谷高校"]),
    ("横浜", "JP-14", ["横浜国立大学", "神奈川大学", "湘南高校"]),
    ("さいたま", "JP-11", ["埼玉大学", "浦和高校"]),
    ("名古屋", "JP-23", ["名古屋大学", "南山大学", "旭丘高校"]),
    ("京都", "JP-26", ["京都大学", "同志社大学", "立命館大学"]),
    ("大阪", "JP-27", ["大阪大学", "関西大学", "北野高校"]),
    ("神戸", "JP-28", ["神戸大学", "関西学院大学"]),
    ("広島", "JP-34", ["広島大学", "修道高校"]),
    ("福岡", "JP-40", ["九州大学", "西南学院大学", "修猷館高校"]),
    ("那覇", "JP-47", ["琉球大学", "那覇国際高校"]),
]  # fmt: skip
WORKPLACES = [
    "商社", "銀行", "市役所", "病院", "IT企業", "出版社", "デザイン事務所", "飲食店", "不動産会社", "メーカー",
    "小学校", "保育園", "広告代理店", "ゲーム会社", "書店", "旅行会社", "自営業", "大学院", "フリーランス", "美容院",
]  # fmt: skip
INTERESTS = [
    "読書", "映画", "カフェ巡り", "写真", "ラーメン", "旅行", "音楽", "ランニング", "料理", "猫", "登山",
    "アニメ", "マンガ", "サッカー", "野球", "ゲーム", "ライブ", "お酒", "温泉", "釣り", "ヨガ", "キャンプ",
]  # fmt: skip
INTRODUCTIONS = [
    "はじめまして！{place}在住です。{interest}が好きです。気軽にマイミク申請してください。",
    "{school}出身。{interest}と{interest2}にはまってます。よろしくお願いします！",
    "{place}で{work}に勤めています。休日は{interest}ばかりしてます。",
    "最近{interest}を始めました。同じ趣味の人、仲良くしてください(^^)",
    "日記はマイミク限定です。リアルで知り合った人だけ申請お願いします。",
    "{place}生まれ{place}育ち。{interest}が生きがい。",
]  # fmt: skip
GROUP_NAMES = ["仲良し", "同僚", "家族", "大学の友達", "サークル", "地元", "飲み仲間", "ゼミ"]

# Voice posts and diary sentences: an opener, an object or place, a predicate, an ending.
OPENERS = [
    "今日は", "さっき", "やっと", "週末は", "朝から", "久しぶりに", "仕事帰りに", "昼休みに", "今夜は", "明日は",
    "昨日は", "休みの日に", "雨の日は", "夜中に", "ついに", "なんだかんだで", "三連休は", "帰り道に", "朝活で", "",
]  # fmt: skip
THINGS = [
    "ラーメン", "カレー", "紅葉", "桜", "猫", "犬", "新しいカフェ", "映画", "ライブ", "温泉", "お寿司", "焼き肉",
    "餃子", "パンケーキ", "海", "山", "花火", "お祭り", "本", "マンガ", "ケーキ", "ビール", "日本酒", "うどん",
    "そば", "たこ焼き", "お好み焼き", "コーヒー", "新作ゲーム", "ドラマ", "夜景", "イルミネーション", "初詣",
    "雪", "梅雨", "台風", "満員電車", "残業", "テスト", "引っ越し", "ランチ", "鍋", "おでん", "かき氷",
]  # fmt: skip
PLACES = [
    "渋谷で", "新宿で", "駅前の", "近所の", "実家で", "会社の近くの", "大学の", "下北沢の", "梅田で", "天神で",
    "京都で", "横浜で", "", "", "", "",
]  # fmt: skip
PREDICATES = [
    "を食べた", "を見に行った", "を撮った", "が最高だった", "に行ってきた", "を楽しんだ", "が気になる",
    "にはまってる", "を作ってみた", "がおいしかった", "で疲れた", "を買っちゃった", "を待ってる", "が好きすぎる",
    "を語りたい", "に感動した", "を思い出した", "がやばい", "を満喫", "で癒された",
]  # fmt: skip
ENDINGS = ["！", "。", "〜", "w", "…", "😊", "🍜", "(^^)", "笑", "！！", "♪", "✨", "。また行きたい", "。おすすめ"]
COMMENTS = [
    "いいね！", "おいしそう〜", "うらやましい！", "今度一緒に行こう", "お疲れさま！", "わかる〜", "それな",
    "写真見たい！", "元気そうでよかった", "どこのお店？", "行ってみたい！", "また話聞かせて", "ありがとう！",
    "笑った", "懐かしい！", "がんばって！", "楽しそう♪", "すごい！", "お大事に", "コメありがとう！",
]  # fmt: skip
DIARY_TITLES = [
    "今日のこと", "週末の話", "{thing}の話", "{place}に行ってきました", "ひさびさの日記", "近況報告",
    "{thing}日和", "最近はまっているもの", "つれづれ", "ありがとう", "{thing}と私", "反省会", "夏休み",
    "引っ越しました", "お知らせ", "{month}月のまとめ",
]  # fmt: skip

# Hashtags: popular bare words first, then combinations (all normalised as the voice services store them).
TAG_WORDS = [
    "ラーメン", "今日のごはん", "猫", "朝活", "紅葉", "桜", "カフェ", "地震", "節電", "映画", "ライブ",
    "ベルを鳴らそう", "読書", "写真", "旅行", "お弁当", "筋トレ", "ランニング", "ビール", "温泉", "アニメ",
    "サッカー", "野球", "ゲーム", "ドラマ", "お菓子作り", "パン", "コーヒー", "日本酒", "花火", "お祭り",
    "雪", "梅雨", "台風", "夏休み", "クリスマス", "年越し", "初詣", "バレンタイン", "お花見", "梅田",
    "渋谷", "下北沢", "京都", "北海道", "沖縄", "iPhone", "mixi", "AKB48", "NHK", "W杯", "なでしこ",
]  # fmt: skip
TAG_SUFFIXES = [
    "部", "好き", "日記", "記録", "巡り", "の日", "初心者", "デビュー", "2011", "写真", "おすすめ", "情報",
    "仲間", "同好会", "女子", "男子", "ライフ", "三昧", "修行", "ログ", "まつり", "速報", "好きと繋がりたい",
    "部活", "ごはん", "散歩", "大好き", "チャレンジ", "週間", "倶楽部",
]  # fmt: skip
TAG_PREFIXES = [
    "東京", "大阪", "京都", "札幌", "仙台", "名古屋", "福岡", "横浜", "神戸", "広島", "那覇", "さいたま",
    "週末", "朝", "夜", "ひとり", "今日の", "おうち", "休日",
]  # fmt: skip

# Communities: (category, name patterns). `{thing}` and `{place}` are filled in; names must stay unique.
COMMUNITY_PATTERNS = [
    ("音楽", ["{artist}ファン", "{artist}が好き！", "{genre}好き集まれ", "{place}のライブハウス"]),
    ("学校・同窓会", ["{school}", "{school}{year}年入学", "{school}OB・OG会"]),
    ("地域", ["{place}に住んでる人", "{place}ランチ部", "{place}で遊ぼう", "{place}出身"]),
    ("料理・グルメ", ["{place}ラーメン部", "{food}同好会", "{food}が好き", "おうち{food}"]),
    ("趣味", ["{hobby}しよう", "{hobby}初心者の会", "週末{hobby}", "{place}{hobby}部"]),
    ("スポーツ", ["{team}応援団", "{place}フットサル", "{team}ファンの集い"]),
    ("旅行", ["{place}旅行", "温泉めぐり{year}", "ひとり旅{place}"]),
    ("映画・テレビ", ["{drama}を語ろう", "映画館で観る会{year}"]),
    ("本・マンガ", ["{book}ファン", "{place}読書会", "本の虫{year}"]),
    ("その他", ["猫が好き", "朝活{year}", "{thing}愛好会", "{place}の猫"]),
]  # fmt: skip
ARTISTS = ["ミスチル", "スピッツ", "サカナクション", "いきものがかり", "嵐", "宇多田ヒカル", "椎名林檎", "くるり"]
GENRES = ["ジャズ", "クラシック", "アイドル", "ロック", "テクノ", "アニソン", "J-POP"]
FOODS = ["カレー", "餃子", "うどん", "お好み焼き", "スイーツ", "パン", "寿司", "ラーメン", "日本酒", "コーヒー"]
HOBBIES = ["登山", "写真", "キャンプ", "釣り", "ヨガ", "ランニング", "将棋", "囲碁", "編み物", "ボルダリング"]
TEAMS = ["阪神タイガース", "ジャイアンツ", "カープ", "ホークス", "浦和レッズ", "ガンバ大阪", "FC東京"]
DRAMAS = ["朝ドラ", "大河ドラマ", "ジブリ", "深夜アニメ", "海外ドラマ"]
BOOKS = ["村上春樹", "ONE PIECE", "宮部みゆき", "東野圭吾", "ワンピース", "ミステリー"]
COMMUNITY_DESCRIPTIONS = [
    "{name}のコミュニティです。誰でも参加OK！",
    "{name}について語りましょう。トピックは自由に立ててください。",
    "{name}が好きな人のためのコミュです。宣伝目的の参加はご遠慮ください。",
    "情報交換やオフ会をしています。{thing}の話もどうぞ。",
]  # fmt: skip
TOPIC_TITLES = [
    "自己紹介トピ", "雑談トピ", "{thing}の話", "おすすめ教えてください", "オフ会しませんか", "初心者質問トピ",
    "{place}の情報", "今日の{thing}", "管理人からのお知らせ", "イベント告知", "写真貼ろう", "{month}月の集まり",
]  # fmt: skip
TOPIC_COMMENTS = [
    "はじめまして！よろしくお願いします。", "参加します！", "いいですね〜", "その店知ってます！", "行けたら行きます",
    "ありがとうございます", "僕も気になってました", "楽しみにしてます", "詳細教えてください", "了解です！",
]  # fmt: skip
EVENT_PLACES = ["渋谷駅ハチ公前", "梅田の居酒屋", "天神のカフェ", "代々木公園", "鴨川の河原", "名古屋駅前"]


def hashtag_list(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """`count` tags as (how a post writes it, the normalised name stored), most popular first."""
    bare = list(TAG_WORDS)
    combos = [w + s for w in TAG_WORDS for s in TAG_SUFFIXES] + [p + w for p in TAG_PREFIXES for w in TAG_WORDS]
    combos += [p + w + s for p in TAG_PREFIXES for w in TAG_WORDS[:20] for s in TAG_SUFFIXES]
    rng.shuffle(combos)
    tags: dict[str, str] = {}
    for written in bare + combos:
        tags.setdefault(hashtag_normalize(written), written)
        if len(tags) == count:
            break
    if len(tags) < count:
        raise ValueError(f"only {len(tags)} distinct hashtags can be made")
    return [(written, name) for name, written in tags.items()]


def sentence(rng: random.Random) -> str:
    """One short line as people post them: 今日は渋谷でラーメンを食べた！"""
    return rng.choice(OPENERS) + rng.choice(PLACES) + rng.choice(THINGS) + rng.choice(PREDICATES) + rng.choice(ENDINGS)


SLOTS = {
    "thing": lambda rng: rng.choice(THINGS),
    "place": lambda rng: rng.choice(REGIONS)[0],
    "interest": lambda rng: rng.choice(INTERESTS),
    "interest2": lambda rng: rng.choice(INTERESTS),
    "work": lambda rng: rng.choice(WORKPLACES),
    "school": lambda rng: rng.choice(rng.choice(REGIONS)[2]),
    "month": lambda rng: str(rng.randint(1, 12)),
    "year": lambda rng: str(rng.randint(1995, 2011)),
    "artist": lambda rng: rng.choice(ARTISTS),
    "genre": lambda rng: rng.choice(GENRES),
    "food": lambda rng: rng.choice(FOODS),
    "hobby": lambda rng: rng.choice(HOBBIES),
    "team": lambda rng: rng.choice(TEAMS),
    "drama": lambda rng: rng.choice(DRAMAS),
    "book": lambda rng: rng.choice(BOOKS),
}


class _Slots(dict[str, str]):
    def __init__(self, rng: random.Random, known: dict[str, str]) -> None:
        super().__init__(known)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        return SLOTS[key](self.rng)


def fill(pattern: str, rng: random.Random, **known: str) -> str:
    """A pattern with its `{…}` slots filled by random words (or by `known`)."""
    return pattern.format_map(_Slots(rng, known))
