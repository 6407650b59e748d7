"""The demo voice (つぶやき): about ten days of short posts, replies, hashtags, mentions, photos and イイネ!.

Members are named by the local part of their e-mail address and mention each other by the handles in
members.py. A post's `when` is either hours before the demo is loaded (the last day, so trending has
something to show whatever the hour) or (days ago, local "HH:MM"); each reply comes `minutes` after
its post. Photos are painted by photos.py. イイネ! are handed out among the members who may see each
post. Everything is written through the voice services, as the members would, then back-dated.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.handles import handle_taken
from tsunagu.accounts.models import Member
from tsunagu.accounts.services import member_handle_set
from tsunagu.core.audience import Audience
from tsunagu.core.errors import NotFound
from tsunagu.demo.members import HANDLES, MEMBERS
from tsunagu.demo.photos import demo_photo
from tsunagu.friends.models import Block, FriendGroup, FriendGroupMembership, Friendship
from tsunagu.notifications.models import Notification, NotificationKind
from tsunagu.reactions.models import Reaction
from tsunagu.reactions.services import iine_add
from tsunagu.voice.models import VoiceHashtag, VoicePost
from tsunagu.voice.reactables import VOICE_KIND
from tsunagu.voice.services import voice_post_create, voice_post_notify

Photo = tuple[str, int]
FRIENDS, MEMBERS_ONLY, PUBLIC, GROUP = Audience.FRIENDS, Audience.MEMBERS, Audience.PUBLIC, Audience.FRIEND_GROUP


@dataclass(frozen=True)
class Reply:
    author: str
    minutes: float  # after the post
    text: str


@dataclass(frozen=True)
class Post:
    author: str
    when: float | tuple[int, str]  # hours before loading, or (days ago, local "HH:MM")
    text: str
    audience: str = FRIENDS
    group: str = ""  # the author's friend group, for GROUP
    photo: Photo | None = None
    replies: tuple[Reply, ...] = ()


POSTS: list[Post] = [
    # --- ten days ago: voice arrives --------------------------------------------------------------
    Post(
        "yamada.taro",
        (10, "09:30"),
        "つなぐに「つぶやき」がやってきました！150文字までの短い投稿で、#ハッシュタグ や @taro_yamada "
        "みたいなメンションも使えます。気軽につぶやいてみてください😊 #つなぐ",
        PUBLIC,
        replies=(
            Reply("takahashi.yui", 12, "さっそく使ってみます！"),
            Reply("sato.hanako", 40, "読んだ本の感想をちょっと書くのによさそう📚"),
            Reply("suzuki.ichiro", 95, "ラーメン報告はこっちでやります（宣言）"),
        ),
    ),
    Post(
        "takahashi.yui",
        (10, "10:05"),
        "はじめてのつぶやき。つなぐ運営のエンジニアです。不具合を見つけたら @taro_yamada さんか私まで🙏 #つなぐ",
        MEMBERS_ONLY,
    ),
    Post(
        "inoue.sakura",
        (10, "22:40"),
        "映画館で『銀河鉄道の夜』のリバイバル上映。何回観ても泣く(´；ω；`)",
        replies=(
            Reply("hashimoto.rin", 15, "先輩また泣いてる笑"),
            Reply("takahashi.yui", 50, "わたしも観たい〜！"),
        ),
    ),
    # --- nine days ago ----------------------------------------------------------------------------
    Post(
        "kimura.yuto",
        (9, "05:20"),
        "#朝活 茶畑の霜よけファン、今朝から回り始めました。静岡もいよいよ冬支度🍵",
        MEMBERS_ONLY,
    ),
    Post(
        "mori.shun",
        (9, "06:10"),
        "#朝活 旭川沿いを10km。吐く息が白くなってきた🏃‍♂️",
        MEMBERS_ONLY,
        replies=(Reply("kimura.yuto", 60, "朝からえらい！こっちは茶畑で肉体労働です笑"),),
    ),
    Post(
        "ishikawa.mio",
        (9, "12:30"),
        "#紅葉 東福寺の通天橋、今が見頃です🍁 平日の昼でもこの人出…！朝イチがおすすめ。",
        photo=("autumn", 31),
        replies=(
            Reply("nakamura.aya", 30, "今年は色づきがきれいやね。うちのお店の「もみじ」も今日から並んでます"),
            Reply("takahashi.yui", 120, "うわぁ、行きたい…！来週末まで持つかな？"),
            Reply("ishikawa.mio", 150, "@yui_travels 来週末ならまだ大丈夫やと思います！"),
        ),
    ),
    Post(
        "suzuki.ichiro",
        (9, "20:15"),
        "#ラーメン 会社帰りに背脂醤油。寒くなるとこういうのが沁みる🍜",
        photo=("ramen", 31),
        replies=(
            Reply("tanaka.kenta", 20, "背脂…夜に見るのは反則"),
            Reply("matsumoto.ryo", 45, "場所教えてください！"),
        ),
    ),
    Post(
        "maeda.kaori",
        (9, "19:30"),
        "#今日のごはん 氷見のブリ、やっと出てきた！寒ブリにはまだ少し早いけど十分おいしい🐟",
        replies=(
            Reply("hayashi.erika", 35, "いいなー！実家に送って笑"),
            Reply("fujita.naoki", 80, "ブリには甲州の白、合いますよ🍷"),
        ),
    ),
    # --- eight days ago ---------------------------------------------------------------------------
    Post(
        "sato.hanako",
        (8, "07:45"),
        "#朝活 出勤前の30分読書。今朝は須賀敦子のエッセイ。電車が少しだけ短く感じる☕📖",
    ),
    Post(
        "hasegawa.ken",
        (8, "16:20"),
        "北アルプス、稜線はもう真っ白。今季の営業は今週で終わりです。今年もたくさんの方と歩けて幸せでした⛰️ #山",
        photo=("mountains", 31),
        replies=(
            Reply("yamada.taro", 40, "今年もお世話になりました！来年の夏もよろしく"),
            Reply("ito.shota", 90, "冬の星もきれいそう…"),
        ),
    ),
    Post(
        "yamaguchi.nana",
        (8, "13:00"),
        "仕事でゆるキャラのラフを50案描いた。最後の方は自分でもなにを描いてるかわからない(ﾟ∀ﾟ)",
        replies=(
            Reply("murakami.ai", 30, "50案！？見せて見せて"),
            Reply("watanabe.misaki", 70, "ななちゃんのイラスト好き〜"),
        ),
    ),
    Post(
        "tanaka.kenta",
        (8, "21:50"),
        "今季のグランパス、最後まで楽しませてもらいました。来年こそ！⚽ #グランパス",
        replies=(Reply("suzuki.ichiro", 25, "阪神ファンとしては来年の春が待ちきれん"),),
    ),
    Post(
        "yoshida.takumi",
        (8, "11:10"),
        "今日の慶良間、透明度30m。冬の海もいいですよ🐢 #沖縄",
        photo=("sea", 31),
        replies=(
            Reply("takahashi.yui", 60, "ウミガメさんに会いたい…！"),
            Reply("murakami.ai", 90, "寒い大分から見ると別世界…"),
        ),
    ),
    # --- seven days ago ---------------------------------------------------------------------------
    Post(
        "ikeda.sho",
        (7, "06:30"),
        "#朝活 しまなみ海道を今治から大三島まで。朝日に染まる来島海峡大橋、何度見てもいい🚴",
    ),
    Post(
        "nakamura.aya",
        (7, "15:00"),
        "今日から冬のお菓子「雪餅」を並べました。白いきんとんは、ほんのり柚子の香りです #和菓子",
        photo=("wagashi", 31),
        replies=(
            Reply("ishikawa.mio", 20, "雪餅！見た目もかわいい…"),
            Reply("suzuki.ichiro", 60, "京都行ったら絶対寄る"),
        ),
    ),
    Post(
        "kobayashi.daisuke",
        (7, "21:00"),
        "#今日のごはん 秋田の日本酒とおでん。大根がしみしみ🍢",
        replies=(Reply("kato.mai", 30, "大人の晩ごはん…！"),),
    ),
    Post(
        "yamazaki.haruka",
        (7, "12:15"),
        "図書館で「冬の絵本」展示の準備中。手袋の絵本を並べたら、それだけであったかい気持ちに🧤",
        replies=(
            Reply("sato.hanako", 40, "ハルカの展示、毎年楽しみにしてる！"),
            Reply("abe.chihiro", 90, "盛岡に行ったら見に行くね"),
        ),
    ),
    Post(
        "goto.hiroshi",
        (7, "10:00"),
        "ふじの収穫、ようやく終わりました。今年は蜜がよく入っています🍎 #りんご",
        MEMBERS_ONLY,
        photo=("apples", 31),
        replies=(
            Reply("shimizu.kazuki", 60, "おつかれさまでした！うちの新米と交換しましょう"),
            Reply("abe.chihiro", 120, "青森のふじ、毎年楽しみにしてます"),
        ),
    ),
    # --- six days ago -----------------------------------------------------------------------------
    Post(
        "hashimoto.rin",
        (6, "23:30"),
        "スタジオ練習おわり。ベースの弦を張り替えたら音がぜんぜん違う🎸 テンション上がる",
        replies=(
            Reply("inoue.sakura", 15, "ライブいつ？"),
            Reply("hashimoto.rin", 25, "@sakura_cinema 来月です！またチケット渡しますね"),
        ),
    ),
    Post(
        "ito.shota",
        (6, "23:55"),
        "今夜の札幌郊外、オリオン座がくっきり。マイナス5度でも星を見ていると寒さを忘れる✨ #星空",
        photo=("starry_sky", 31),
        replies=(
            Reply("hasegawa.ken", 40, "いい写真！"),
            Reply("takahashi.yui", 300, "寝る前にこれ見られて幸せ〜"),
        ),
    ),
    Post(
        "hayashi.erika",
        (6, "15:30"),
        "旅館の玄関に千両を生けました。女将修行、お花も勉強中です",
        replies=(
            Reply("maeda.kaori", 60, "お姉ちゃんさすが！"),
            Reply("yamada.taro", 120, "金沢に泊まりに行きたい"),
        ),
    ),
    Post(
        "yamashita.koji",
        (6, "18:00"),
        "熊本城の天守、夕日に照らされてきれいでした。復旧工事も少しずつ進んでいます #熊本城",
        replies=(Reply("ogawa.asuka", 30, "熊本城、また行きたいです"),),
    ),
    Post(
        "fujita.naoki",
        (6, "20:00"),
        "今年の甲州の新酒、瓶詰め完了。すっきりした酸味に仕上がりました🍷",
        replies=(Reply("hasegawa.ken", 40, "予約お願いします！"),),
    ),
    # --- five days ago: the drama night -----------------------------------------------------------
    Post("inoue.sakura", (5, "21:00"), "#となりの喫茶店 今夜第7話！マスターの過去がついに明らかに…？", MEMBERS_ONLY),
    Post("sato.hanako", (5, "21:12"), "#となりの喫茶店 マスターのナポリタン、毎回おいしそうすぎる", MEMBERS_ONLY),
    Post(
        "takahashi.yui",
        (5, "21:52"),
        "#となりの喫茶店 ラスト5分で全部持っていかれた。来週まで待てない！",
        MEMBERS_ONLY,
        replies=(
            Reply("inoue.sakura", 3, "わかる！！伏線回収きたー"),
            Reply("sato.hanako", 8, "原作読んでるけど、ドラマのアレンジも好き"),
        ),
    ),
    Post(
        "okada.yuka",
        (5, "10:30"),
        "水族館のラッコ、今日は貝を割るのに3回失敗してました。がんばれ🦦",
        MEMBERS_ONLY,
        replies=(Reply("yoshida.takumi", 120, "ラッコ見に行きたい！"),),
    ),
    Post(
        "shimizu.kazuki",
        (5, "17:00"),
        "新米の発送、全部終わりました。届いた方から「おいしい」って連絡が来るのが一番うれしい🍚",
        replies=(
            Reply("abe.chihiro", 30, "届きました！炊きたてが甘い〜"),
            Reply("yamada.taro", 80, "今年もありがとう！"),
        ),
    ),
    Post(
        "kobayashi.daisuke",
        (5, "19:00"),
        "@mai_dance この前のダンス発表会の動画、上司に見せたら感動してました笑",
        replies=(Reply("kato.mai", 30, "恥ずかしい…でもありがとうございます！"),),
    ),
    # --- four days ago ----------------------------------------------------------------------------
    Post(
        "takahashi.yui",
        (4, "18:30"),
        "年末の旅行、沖縄と別府どっちがいい？ @takumi_okinawa @ai_beppu 両方案内してくれる説",
        GROUP,
        group="旅行仲間",
        replies=(
            Reply("yoshida.takumi", 20, "沖縄なら冬でも潜れますよ〜"),
            Reply("murakami.ai", 45, "別府なら温泉はしごできます♨️"),
            Reply("ogawa.asuka", 70, "鹿児島経由で両方は？笑"),
            Reply("ito.shota", 110, "間をとって札幌で星見は…？"),
        ),
    ),
    Post(
        "yamada.taro",
        (4, "10:00"),
        "明日のリリース、今日の17時までにレビューお願いします🙏 お昼はおごります",
        GROUP,
        group="同僚",
        replies=(
            Reply("takahashi.yui", 15, "了解です！午後イチで見ます"),
            Reply("hashimoto.rin", 30, "テスト追加しました〜"),
            Reply("inoue.sakura", 50, "お昼、カレーがいいです笑"),
        ),
    ),
    Post(
        "watanabe.misaki",
        (4, "08:10"),
        "夜勤明け。朝焼けがきれいで、ちょっと泣きそうになった。おやすみなさい🌅",
        replies=(
            Reply("murakami.ai", 60, "おつかれさま！ゆっくり寝てね"),
            Reply("yamaguchi.nana", 90, "無理しすぎんでね"),
        ),
    ),
    Post(
        "sato.hanako",
        (4, "22:10"),
        "#猫 うちの猫、新しい毛布を見た瞬間に占拠。私の分は…？(´・ω・｀)",
        replies=(
            Reply("abe.chihiro", 20, "猫様の毛布です"),
            Reply("kobayashi.daisuke", 60, "それはもう猫の毛布ですね"),
        ),
    ),
    Post("nakajima.tsubasa", (4, "07:30"), "今朝の東北本線、朝日に照らされた貨物列車がかっこよかった🚃 #鉄道", PUBLIC),
    Post(
        "suzuki.ichiro",
        (4, "19:45"),
        "#ラーメン 名古屋出張で台湾ラーメン。辛い！でも止まらない🌶️ @kenta_grampus おすすめありがとう",
        photo=("taiwan_ramen", 31),
        replies=(Reply("tanaka.kenta", 10, "でしょ？次はアメリカンもぜひ"),),
    ),
    Post(
        "ogawa.asuka",
        (4, "12:00"),
        "桜島の灰、今日は市内に降ってます。洗濯物は部屋干し決定…🌋",
        replies=(Reply("yamashita.koji", 50, "火山と暮らす街、かっこいいです"),),
    ),
    # --- three days ago ---------------------------------------------------------------------------
    Post(
        "ishikawa.mio",
        (3, "08:00"),
        "早朝の伏見稲荷。朝イチは人が少なくて、灯りがきれいでした #京都",
        photo=("lanterns", 31),
        replies=(
            Reply("nakamura.aya", 40, "早起きえらい！"),
            Reply("takahashi.yui", 100, "京都の朝ってなんであんなにいいんだろう"),
        ),
    ),
    Post(
        "abe.chihiro",
        (3, "18:30"),
        "#今日のごはん 山形のだし、冬でも作っちゃう。ごはんにのせてかきこむ幸せ",
        replies=(
            Reply("sato.hanako", 30, "チヒロのだし、また食べたい！"),
            Reply("shimizu.kazuki", 60, "うちの新米にのせてください"),
        ),
    ),
    Post(
        "matsumoto.ryo",
        (3, "22:30"),
        "北野のジャズバーで生演奏。ピアノトリオの「枯葉」、しみた🎷",
        replies=(Reply("suzuki.ichiro", 40, "神戸の夜、大人やなぁ"),),
    ),
    Post(
        "kato.mai",
        (3, "17:40"),
        "#カフェ 仕事帰りにいつものカフェで抹茶ラテ。子どもたちにもらった折り紙、宝物にします",
        replies=(Reply("kobayashi.daisuke", 30, "いい先生だなぁ"),),
    ),
    Post(
        "takahashi.yui",
        (3, "12:30"),
        "#カフェ 横浜の港が見えるカフェでランチ。今日は在宅じゃなくてここで仕事します💻",
    ),
    Post(
        "maeda.kaori",
        (3, "21:00"),
        "お正月、今年はみんなで金沢のお姉ちゃんの旅館に集まる？",
        GROUP,
        group="家族",
        replies=(
            Reply("hayashi.erika", 20, "ぜひぜひ！部屋押さえとくね"),
            Reply("fujita.naoki", 60, "ワイン持っていきます🍷"),
        ),
    ),
    Post(
        "yamashita.koji",
        (3, "16:40"),
        "授業で熊本地震のことを話した。生徒たちが真剣に聞いてくれて、うれしかった。備えは日々の中に。",
        MEMBERS_ONLY,
    ),
    Post(
        "sato.hanako",
        (3, "20:30"),
        "@chihiro_cherry この前話してた本、読み終わったから送るね📚 感想聞かせて",
        replies=(Reply("abe.chihiro", 25, "やったー！楽しみにしてる"),),
    ),
    # --- two days ago: the bells start ------------------------------------------------------------
    Post(
        "yamada.taro",
        (2, "07:00"),
        "#朝活 高尾山に登ってから出社。紅葉の終わりかけ、落ち葉の道もいいものです🍂 #紅葉",
        replies=(Reply("hasegawa.ken", 60, "朝から高尾山！さすが"),),
    ),
    Post(
        "yamaguchi.nana",
        (2, "12:30"),
        "#今日のごはん お昼はお好み焼き。広島風はそば入りが基本じゃけぇ！",
        MEMBERS_ONLY,
        replies=(
            Reply("suzuki.ichiro", 20, "大阪とどっちが…という話はやめときましょう笑"),
            Reply("ikeda.sho", 80, "帰省したら一緒に行こう"),
        ),
    ),
    Post(
        "inoue.sakura",
        (2, "20:00"),
        "#猫 事務所の近くの猫、今日もいた。名前をつけたい…「ポップコーン」とか？",
        replies=(
            Reply("hashimoto.rin", 15, "長いw"),
            Reply("yamada.taro", 40, "事務所の猫、みんなで見守ってます笑"),
        ),
    ),
    Post(
        "kobayashi.daisuke",
        (2, "22:00"),
        "#ベルを鳴らそう 今年も始まりましたね。毎年ベルを鳴らしてくれるマイミクのみなさん、ありがとう🔔",
        MEMBERS_ONLY,
    ),
    Post(
        "takahashi.yui",
        (2, "09:30"),
        "#ベルを鳴らそう 🔔 今年もやります！マイミクのページのベルを鳴らして、冬のつなぐを楽しもう✨",
        PUBLIC,
        replies=(
            Reply("yamada.taro", 30, "運営も全力で鳴らします🔔"),
            Reply("kato.mai", 60, "鳴らしました〜！"),
        ),
    ),
    Post(
        "hayashi.erika",
        (2, "14:00"),
        "#紅葉 兼六園の雪吊り、今年も始まりました。紅葉と雪吊りが並ぶのは今だけ",
        photo=("autumn", 32),
        replies=(
            Reply("maeda.kaori", 40, "きれい！"),
            Reply("yamada.taro", 100, "この季節の金沢、最高ですね"),
        ),
    ),
    Post(
        "okada.yuka",
        (2, "11:00"),
        "水族館のペンギンたち、冬毛でもこもこ。お散歩タイムは11時と14時です🐧",
        MEMBERS_ONLY,
    ),
    # --- yesterday --------------------------------------------------------------------------------
    Post(
        "sato.hanako",
        (1, "07:30"),
        "#朝活 今日は早起きして喫茶店でモーニング。トーストとゆで卵、これで550円は神",
        replies=(Reply("yamazaki.haruka", 40, "モーニング文化うらやましい"),),
    ),
    Post("suzuki.ichiro", (1, "12:10"), "#ラーメン 今日のランチは家系。ほうれん草増し、のり増しで。午後もがんばれる"),
    Post(
        "hasegawa.ken",
        (1, "19:00"),
        "#今日のごはん 安曇野のそば屋で新そば。香りが全然ちがう",
        replies=(
            Reply("ito.shota", 30, "新そば！"),
            Reply("fujita.naoki", 60, "信州のそば、食べに行きます"),
        ),
    ),
    Post(
        "murakami.ai",
        (1, "21:30"),
        "年末みんな帰省する？大分で集まろうや🍻",
        GROUP,
        group="地元の同級生",
        replies=(
            Reply("watanabe.misaki", 20, "30日なら行ける！"),
            Reply("ikeda.sho", 40, "行く行く"),
            Reply("yamaguchi.nana", 70, "とり天食べたい"),
        ),
    ),
    Post(
        "ito.shota",
        (1, "22:00"),
        "ふたご座流星群まであと少し。今年は月明かりが少なくて条件よさそう☄️ #星空",
        replies=(Reply("hasegawa.ken", 30, "山の上で見たいなぁ"),),
    ),
    # --- the last day (hours before loading): the earthquake, the bells, dinner, cats --------------
    Post(
        "yamada.taro",
        5.3,
        "#地震 揺れたけどみんな無事？こっちは棚の上の写真立てが倒れたくらい。無理せず、まずは身の回りの確認を。",
        MEMBERS_ONLY,
        replies=(
            Reply("takahashi.yui", 3, "横浜、けっこう長く揺れました…でも大丈夫です！"),
            Reply("sato.hanako", 5, "神保町の本屋さんにいました。本は無事、わたしも無事です📚"),
            Reply(
                "kato.mai",
                8,
                "保育園の子どもたちも全員無事です。避難訓練どおり、みんな上手にダンゴムシのポーズできました🙆‍♀️",
            ),
            Reply("kobayashi.daisuke", 12, "さいたまも大丈夫です。"),
            Reply("watanabe.misaki", 25, "ニュース見てびっくり。みなさん無事でよかった…！"),
            Reply("yamada.taro", 40, "みんな返信ありがとう。余震があるかもなので、寝る前に靴と懐中電灯だけ枕元に。"),
        ),
    ),
    Post("inoue.sakura", 5.28, "#地震 けっこう揺れた！！電車止まってる(´・ω・`)", MEMBERS_ONLY),
    Post(
        "kobayashi.daisuke",
        5.25,
        "#地震 さいたま震度3。職場は異常なし。ひとまず安心。",
        MEMBERS_ONLY,
    ),
    Post(
        "takahashi.yui",
        5.22,
        "#地震 会社の棚からファイルが何冊か落ちただけ。みんなケガなし！エレベーターは点検中なので階段で",
        MEMBERS_ONLY,
        replies=(Reply("hashimoto.rin", 6, "階段、地味にきつい笑 でもみんな無事でよかったです"),),
    ),
    Post(
        "nakajima.tsubasa",
        5.2,
        "#地震 在来線は安全確認で一時運転見合わせ中とのこと。運転再開の情報はこまめに確認を。焦らず🙏",
        PUBLIC,
        replies=(
            Reply("inoue.sakura", 20, "情報ありがとうございます！駅のカフェで待ちます"),
            Reply("nakajima.tsubasa", 45, "順次運転再開したそうです。"),
        ),
    ),
    Post(
        "suzuki.ichiro",
        5.12,
        "#地震 関東で揺れたって速報見た。向こうのみなさん大丈夫ですか？",
        MEMBERS_ONLY,
        replies=(Reply("yamada.taro", 15, "ありがとう、こっちはみんな無事みたい！"),),
    ),
    Post(
        "tanaka.kenta",
        5.0,
        "#地震 名古屋はほとんど揺れなかったけど、関東の友達みんな大丈夫かな",
        MEMBERS_ONLY,
        replies=(Reply("takahashi.yui", 10, "大丈夫だよ〜！ありがとう"),),
    ),
    Post(
        "yamazaki.haruka",
        4.9,
        "#地震 盛岡も少し揺れました。図書館は念のため書架を点検中。落ちた本はゼロでした。",
        MEMBERS_ONLY,
    ),
    Post(
        "kato.mai",
        4.5,
        "余震こわいけど、子どもたちの前では笑顔で。今日は早めに帰ってお風呂にお水ためておこう #地震",
        replies=(Reply("kobayashi.daisuke", 20, "えらい。無理しないでね"),),
    ),
    Post(
        "takahashi.yui",
        9,
        "#ベルを鳴らそう 🔔 昨日だけで1000回以上鳴ったそうです！鳴らしてくれたみなさん、ありがとう✨",
        PUBLIC,
        replies=(Reply("ogawa.asuka", 30, "わたしも鳴らしました🔔"),),
    ),
    Post(
        "kato.mai",
        7,
        "#ベルを鳴らそう 🔔🔔🔔 保育園でもジングルベル練習中♪ 年中さんの鈴の音がかわいすぎる",
        MEMBERS_ONLY,
    ),
    Post("hashimoto.rin", 3, "#ベルを鳴らそう ベース抱えてクリスマスライブのリハ中🎸🔔", MEMBERS_ONLY),
    Post(
        "murakami.ai",
        12,
        "別府の旅館にも小さなツリーを飾りました🎄 湯けむりとイルミネーション、なかなかいいですよ #ベルを鳴らそう",
        MEMBERS_ONLY,
        replies=(Reply("yoshida.takumi", 40, "湯けむりツリー、見てみたい！"),),
    ),
    Post(
        "hayashi.erika",
        15,
        "#ベルを鳴らそう 旅館のロビーにベルを置きました。お客さまが鳴らしていかれるのがうれしい🔔",
        MEMBERS_ONLY,
    ),
    Post(
        "kobayashi.daisuke",
        20,
        "クリスマス生まれなので、毎年この季節はそわそわします🎂🎄 #ベルを鳴らそう",
        replies=(Reply("sato.hanako", 30, "もうすぐだね！今年もお祝いしよう"),),
    ),
    Post(
        "watanabe.misaki",
        2.5,
        "#今日のごはん 夜勤明けの親子丼。半熟たまごは正義(*´ω`*)",
        MEMBERS_ONLY,
        replies=(Reply("murakami.ai", 30, "おいしそう！おつかれさま"),),
    ),
    Post("abe.chihiro", 6, "#今日のごはん 芋煮のあとはカレーうどんにするのが山形流🍛"),
    Post(
        "tanaka.kenta",
        1.2,
        "#今日のごはん 味噌煮込みうどん。土鍋のふたを取り皿にするのが名古屋流です",
        MEMBERS_ONLY,
        replies=(Reply("suzuki.ichiro", 20, "それ、いつか本場でやってみたい"),),
    ),
    Post(
        "yamaguchi.nana",
        4,
        "#今日のごはん 晩ごはんもお好み焼き（広島風）。そば入り、ダブルで！ #お好み焼き",
        MEMBERS_ONLY,
    ),
    Post(
        "ogawa.asuka",
        14,
        "#今日のごはん 黒豚しゃぶしゃぶ。焼酎はお湯割りで🍶",
        replies=(Reply("yamashita.koji", 30, "鹿児島の黒豚は別格ですね"),),
    ),
    Post(
        "sato.hanako",
        1.5,
        "#猫 うちの子、原稿の上で寝るのやめて…（でもかわいいから許す）🐈",
        MEMBERS_ONLY,
        replies=(
            Reply("abe.chihiro", 10, "原稿は猫の布団"),
            Reply("yamazaki.haruka", 25, "猫はわかってやってる説"),
        ),
    ),
    Post(
        "yamazaki.haruka",
        8,
        "図書館の前にいつもいる地域猫さん、今日は日向ぼっこ中でした #猫 (=^・^=)",
        MEMBERS_ONLY,
    ),
    Post(
        "suzuki.ichiro",
        3.5,
        "#ラーメン 新規開拓！鶏白湯でこのクオリティは大阪でもトップクラスやと思う🍜",
        MEMBERS_ONLY,
        photo=("ramen", 32),
        replies=(
            Reply("tanaka.kenta", 20, "今度大阪行ったら連れてって！"),
            Reply("matsumoto.ryo", 45, "神戸にも出店してほしい…"),
        ),
    ),
    Post(
        "sato.hanako",
        0.7,
        "#カフェ 神保町の喫茶店で原稿チェック中。ナポリタンとクリームソーダ、最強の組み合わせ☕",
        MEMBERS_ONLY,
    ),
    Post(
        "maeda.kaori",
        16,
        "#カフェ 富岩運河のカフェでひと休み。窓から見る運河の景色が好き",
        MEMBERS_ONLY,
    ),
    Post(
        "kimura.yuto",
        2,
        "#カフェ 静岡駅前の日本茶カフェで、うちのお茶を使ってもらえることになりました！うれしい🍵",
        MEMBERS_ONLY,
        replies=(Reply("mori.shun", 20, "おめでとう！飲みに行く"),),
    ),
    Post(
        "nakamura.aya",
        6.5,
        "お店の前の紅葉、今朝の雨でだいぶ散りました。石畳に落ちた葉っぱも風情があります🍁 #紅葉",
        replies=(Reply("ishikawa.mio", 30, "散り紅葉もいいですよね"),),
    ),
    Post(
        "inoue.sakura",
        22,
        "#となりの喫茶店 原作の小説読みはじめた。ドラマと結末が違うらしい…？",
        MEMBERS_ONLY,
        replies=(Reply("sato.hanako", 30, "違うよ〜（ネタバレはしない）"),),
    ),
    Post(
        "yamashita.koji",
        9.5,
        "期末テスト作成中。日本史の問題、ちょっと難しくしすぎたかも(^_^;)",
        replies=(Reply("ogawa.asuka", 40, "先生、手加減を…笑"),),
    ),
    Post("mori.shun", 17, "冬の桃畑は剪定の季節。来年もおいしい桃を実らせます🍑", MEMBERS_ONLY),
    Post(
        "yamada.taro",
        7,
        "@ken_alps 来年の夏、槍ヶ岳リベンジしませんか⛰️",
        replies=(Reply("hasegawa.ken", 20, "ぜひ！7月の平日で調整しましょう"),),
    ),
]


def demo_voice_loaded(members: list[Member]) -> bool:
    """Whether any demo voice post (same author, same text) exists from an earlier run."""
    by_local = {row[0]: member for row, member in zip(MEMBERS, members, strict=True)}
    wanted = {(by_local[spec.author].pk, spec.text) for spec in POSTS}
    found = VoicePost.objects.filter(
        author__in=members, in_reply_to__isnull=True, text__in={spec.text for spec in POSTS}
    ).values_list("author_id", "text")
    return any(pair in wanted for pair in found)


@transaction.atomic
def demo_voice_load(members: list[Member]) -> None:
    """The demo voice, posted through the voice services as the members would post it, then back-dated.

    Members still on the handle derived from their address (a demo loaded before voice existed) get the
    one in members.HANDLES first, so the @mentions reach them. Replies come only from members who may see
    the post; mentions and replies are notified by the same service as the task after a real post.
    """
    load = _VoiceLoad(members)
    load.handles_set()
    for spec in sorted(POSTS, key=load.posted_at):
        load.post(spec)
    load.finish()


class _VoiceLoad:
    """One run of `demo_voice_load`: the friend graph in memory, and the times to back-date at the end.

    The graph only suggests who might like a post (asking the policy for every member and post would be
    a query each); every イイネ! and reply still goes through a service that asks the policy.
    """

    def __init__(self, members: list[Member]) -> None:
        self.members = members
        self.by_local = {row[0]: member for row, member in zip(MEMBERS, members, strict=True)}
        self.now = timezone.now()
        self.friends: dict[int, set[int]] = {member.pk: set() for member in members}
        for member_id, friend_id in Friendship.objects.filter(member__in=members).values_list("member_id", "friend_id"):
            self.friends[member_id].add(friend_id)
        self.blocked = {frozenset(pair) for pair in Block.objects.values_list("blocker_id", "blocked_id")}
        self.group_members: dict[int, set[int]] = {}
        for group_id, member_id in FriendGroupMembership.objects.filter(group__owner__in=members).values_list(
            "group_id", "member_id"
        ):
            self.group_members.setdefault(group_id, set()).add(member_id)
        self.times: dict[int, datetime.datetime] = {}  # post or reply id → when it was written
        self.reactions: dict[tuple[int, int], datetime.datetime] = {}  # (item id, member id) → when

    def handles_set(self) -> None:
        for local, member in self.by_local.items():
            chosen = HANDLES.get(local)
            if chosen and member.handle == local.replace(".", "_") and not handle_taken(chosen):
                member_handle_set(member=member, handle=chosen)

    def posted_at(self, spec: Post) -> datetime.datetime:
        """When the post was written: hours before now, or a day and local time (at least half an hour ago)."""
        if not isinstance(spec.when, tuple):
            return self.now - timedelta(hours=spec.when)
        days, time = spec.when
        hour, minute = (int(part) for part in time.split(":"))
        day = timezone.localtime(self.now) - timedelta(days=days)
        return min(day.replace(hour=hour, minute=minute, second=0, microsecond=0), self.now - timedelta(minutes=30))

    def blocks(self, a: int, b: int) -> bool:
        return frozenset((a, b)) in self.blocked

    def likely_sees(self, viewer: Member, post: VoicePost) -> bool:
        """The policy's answer for the audiences the demo uses, from the graph in memory (a first guess)."""
        author_id = post.author_id
        if viewer.pk == author_id or self.blocks(viewer.pk, author_id):
            return False
        if post.audience in (Audience.PUBLIC, Audience.MEMBERS):
            return True
        if post.audience == Audience.FRIENDS:
            return viewer.pk in self.friends[author_id]
        if post.audience == Audience.FRIEND_GROUP:
            return viewer.pk in self.group_members.get(post.friend_group_id or 0, set())
        return False

    def iine(self, member: Member, item: VoicePost, at: datetime.datetime) -> None:
        """イイネ! through the service (which asks the policy); skipped if the member may not see the item."""
        try:
            iine_add(member=member, kind=VOICE_KIND, item_id=item.pk)
        except NotFound:
            return
        self.reactions[(item.pk, member.pk)] = min(at, self.now - timedelta(minutes=1))

    def post(self, spec: Post) -> None:
        """One post with its photo, its replies in order, and the イイネ! of those who saw it."""
        rng = random.Random(f"{spec.author}:{spec.text}")
        author = self.by_local[spec.author]
        audience, group_id = spec.audience, None
        if spec.group:
            group_id = FriendGroup.objects.filter(owner=author, name=spec.group).values_list("pk", flat=True).first()
            if group_id is None:  # someone playing with the demo deleted the group: friends it is
                audience = Audience.FRIENDS
        post = voice_post_create(
            author=author,
            text=spec.text,
            audience=audience,
            friend_group=group_id,
            photo=demo_photo(*spec.photo) if spec.photo else None,
        )
        written = self.posted_at(spec)
        self.written(post, written)
        repliers: set[int] = set()
        previous = written
        for index, reply_spec in enumerate(spec.replies):
            replier = self.by_local[reply_spec.author]
            try:
                reply = voice_post_create(author=replier, text=reply_spec.text, in_reply_to=post.pk)
            except NotFound:  # the graph changed before voice was loaded: this member cannot see the post
                continue
            # In order, a minute apart at least, and in the past even for a post of a few minutes ago.
            at = min(
                written + timedelta(minutes=reply_spec.minutes),
                self.now - timedelta(minutes=len(spec.replies) - index),
            )
            previous = max(at, previous + timedelta(minutes=1))
            self.written(reply, previous)
            repliers.add(replier.pk)
            if reply.author_id != author.pk and rng.random() < 0.5:
                self.iine(author, reply, previous + timedelta(minutes=rng.randint(2, 90)))

        for member in self.members:
            if not self.likely_sees(member, post):
                continue
            friend = member.pk in self.friends[author.pk]
            chance = 0.7 if member.pk in repliers else 0.4 if friend else 0.1
            if rng.random() < chance:
                self.iine(member, post, written + timedelta(minutes=rng.uniform(3, 600)))

    def written(self, post: VoicePost, at: datetime.datetime) -> None:
        """Back-date the post and its hashtag rows (trending counts by them), and tell whom it concerns."""
        VoicePost.objects.filter(pk=post.pk).update(created_at=at)
        VoiceHashtag.objects.filter(post=post).update(created_at=at)
        voice_post_notify(post_id=post.pk)  # now, so the notifications can be back-dated too
        self.times[post.pk] = at

    def finish(self) -> None:
        """Back-date the イイネ! and the notifications of replies and mentions.

        イイネ! notifications are left to their task, which runs after commit and dates them then (it
        renews an item's one notification for each new reactor, so a date set here would not last).
        """
        rows = list(Reaction.objects.filter(kind=VOICE_KIND, item_id__in=list(self.times)))
        for row in rows:
            row.created_at = self.reactions.get((row.item_id, row.member_id), row.created_at)
        Reaction.objects.bulk_update(rows, ["created_at"], batch_size=500)

        notifications = list(
            Notification.objects.filter(
                target_kind=VOICE_KIND,
                target_id__in=list(self.times),
                kind__in=[NotificationKind.VOICE_REPLY, NotificationKind.MENTION],
            )
        )
        for notification in notifications:
            notification.created_at = self.times[notification.target_id]
        Notification.objects.bulk_update(notifications, ["created_at"], batch_size=500)
