"""The demo communities (コミュニティ): the operator's categories, communities across them with their admins,
sub-admins and members, topics with numbered comments, events, a join request and a role offer waiting, reports.

Members are named by the local part of their e-mail address (see members.py). Times are relative to the
moment the demo is loaded: a topic is written `days_ago` days back at local time `time`, each comment
`hours` after its topic; an event's date and sign-up deadline are given as (days from now, local time),
negative days for an event that has taken place. Photos are painted by photos.py. Everything is done
through the community services, as the members and admins would do it, then back-dated. Loaded once,
like the diaries: after that the demo belongs to whoever plays with it.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from tsunagu.accounts.models import Member
from tsunagu.communities import models as community_models
from tsunagu.communities.models import Category, JoinPolicy, Membership, MembershipState, Role, TopicCreation
from tsunagu.communities.moderation import report_create, report_resolve
from tsunagu.communities.notification_targets import COMMENT_KIND, TOPIC_KIND
from tsunagu.communities.services import (
    community_create,
    community_join,
    join_request_approve,
    name_key,
    role_offer_accept,
    role_offer_make,
)
from tsunagu.communities.topic_services import (
    event_create,
    event_join,
    topic_comment_create,
    topic_comment_delete,
    topic_comment_notify,
    topic_create,
)
from tsunagu.core.errors import ServiceError
from tsunagu.demo.members import MEMBERS
from tsunagu.demo.photos import demo_photo
from tsunagu.notifications.models import Notification, NotificationKind
from tsunagu.reactions.models import Reaction
from tsunagu.reactions.services import iine_add

Photo = tuple[str, int]
Moment = tuple[int, str]  # (days from when the demo is loaded, local "HH:MM")

# The operator's list of categories (kept in the admin): Japanese and English names, in this order.
CATEGORIES: list[tuple[str, str]] = [
    ("音楽", "Music"),
    ("学校・同窓会", "Schools and alumni"),
    ("地域", "Local areas"),
    ("料理・グルメ", "Food and cooking"),
    ("趣味", "Hobbies"),
    ("スポーツ", "Sports"),
    ("旅行", "Travel"),
    ("映画・テレビ", "Film and TV"),
    ("本・マンガ", "Books and manga"),
    ("その他", "Other"),
]


@dataclass(frozen=True)
class Comment:
    author: str
    body: str
    hours: float  # after the topic was written
    deleted: bool = False  # its author deletes it again (it keeps its number)
    photo: Photo | None = None


@dataclass(frozen=True)
class Topic:
    author: str
    days_ago: int
    time: str  # local time of day, HH:MM
    title: str
    body: str
    comments: tuple[Comment, ...] = ()
    photos: tuple[Photo, ...] = ()
    liked_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event(Topic):
    place: str = ""
    starts: Moment = (0, "00:00")
    deadline: Moment | None = None
    capacity: int | None = None
    going: tuple[str, ...] = ()  # besides the organiser, who joins at once


@dataclass(frozen=True)
class Report:
    reporter: str
    topic: str  # the reported topic's title
    comment: int | None  # the reported comment's number, or None for the topic itself
    reason: str
    hours: float  # after what is reported was written
    resolved: bool = False  # the admin marked it handled


@dataclass(frozen=True)
class Community:
    name: str
    category: str  # a name_ja in CATEGORIES
    description: str
    admin: str
    created_days_ago: int
    sub_admins: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    join_policy: str = JoinPolicy.OPEN
    topics_public: bool = True
    topic_creation: str = TopicCreation.MEMBERS
    image: Photo | None = None
    topics: tuple[Topic, ...] = ()
    requests: tuple[tuple[str, str], ...] = ()  # (member, message): asked to join, waiting for the admins
    offers: tuple[str, ...] = ()  # members offered the sub-admin role, waiting for their answer
    reports: tuple[Report, ...] = ()
    everyone: bool = False  # the operator marks it: every member joins
    messages: dict[str, str] = field(default_factory=dict)  # a member's message when asking to join


def paragraphs(*parts: str) -> str:
    return "\n\n".join(parts)


COMMUNITIES: list[Community] = [
    Community(
        "つなぐ 公式",
        "その他",
        paragraphs(
            "つなぐ運営事務局の公式コミュニティです。新しい機能のお知らせ、使い方のヘルプ、メンテナンスの情報をお届けします。",
            "つなぐに登録すると、このコミュニティに自動で参加します。お知らせを最新情報に出したくない方は、"
            "コミュニティのページから表示をオフにできます。",
            "トピックを立てるのは運営スタッフだけですが、コメントはどなたでもどうぞ。"
            "不具合のご報告やご要望は「不具合・ご要望はこちら」トピックへお願いします。",
        ),
        admin="yamada.taro",
        created_days_ago=120,
        sub_admins=("takahashi.yui",),
        topic_creation=TopicCreation.ADMINS,
        image=("sakura", 40),
        everyone=True,
        topics=(
            Topic(
                "yamada.taro",
                30,
                "12:00",
                "コミュニティが新しくなりました",
                paragraphs(
                    "つなぐ運営事務局の山田です。今日からコミュニティが新しくなりました！",
                    "・トピックのコメントに番号がつくようになりました\n"
                    "・イベントに締め切りと定員を決められるようになりました\n"
                    "・コミュニティを名前や説明で検索できるようになりました（1文字からでも探せます）",
                    "好きなバンド、出身校、住んでいる街……気になるコミュニティを探して、参加してみてください。",
                ),
                comments=(
                    Comment("takahashi.yui", "開発チーム一同、がんばりました！", 1),
                    Comment(
                        "sato.hanako", "同窓会のコミュニティでさっそく使っています。番号があると話が追いやすいですね", 5
                    ),
                    Comment("okada.yuka", "水族館が好きな人の集まり、あるかな？探してみます", 20),
                    Comment("hasegawa.ken", "山歩きのコミュニティを作ってみました。山好きの方、ぜひ", 30),
                    Comment("goto.hiroshi", "使い方がまだよくわからないけど、がんばってみます", 40),
                    Comment(
                        "yamada.taro",
                        "後藤さん、わからないことがあれば「よくある質問・困ったときは」トピックで聞いてくださいね",
                        42,
                    ),
                ),
                liked_by=("takahashi.yui", "sato.hanako", "hasegawa.ken", "kato.mai", "ishikawa.mio"),
            ),
            Topic(
                "takahashi.yui",
                29,
                "15:00",
                "よくある質問・困ったときは",
                paragraphs(
                    "よくいただく質問をまとめました。",
                    "Q. 承認制のコミュニティに参加を申請したのに、メンバーになれません\n"
                    "A. 管理人か副管理人の承認をお待ちください。承認されるまではメンバーではないので、"
                    "メンバーだけが読めるトピックは読めません。",
                    "Q. 管理人をやめたいです\n"
                    "A. メンバー一覧から、ほかのメンバーに管理人を引き継いでください。相手が承諾すると交代します。",
                    "Q. 困った書き込みを見つけました\n"
                    "A. トピックやコメントの「通報」から、コミュニティの管理人と運営にお知らせください。",
                ),
                comments=(
                    Comment("kimura.yuto", "副管理人をお願いされたら、どこで承諾すればいいですか？", 26),
                    Comment(
                        "takahashi.yui",
                        "木村さん、ページ上の「確認」に出てきます（マイミク申請と同じところです）。"
                        "コミュニティのページからも承諾できますよ",
                        27,
                    ),
                    Comment("kimura.yuto", "ありがとうございます、わかりました！", 28),
                ),
            ),
            Topic(
                "yamada.taro",
                28,
                "10:30",
                "不具合・ご要望はこちら",
                paragraphs(
                    "不具合のご報告や、「こんな機能がほしい！」というご要望はこちらへどうぞ。",
                    "いただいた声は、開発チームで全部読んでいます。",
                ),
                comments=(
                    Comment("ishikawa.mio", "トピックにも写真を載せられるとうれしいです", 10),
                    Comment("takahashi.yui", "石川さん、トピックとコメントには写真を3枚まで載せられます！", 12),
                    Comment("mori.shun", "イベントの前の日にお知らせが来るの、便利ですね", 100),
                    Comment(
                        "ogawa.asuka",
                        "コミュニティの検索で「鹿児島」がちゃんと出てきました。ひらがなの「かごしま」でも探せるとうれしいです",
                        200,
                    ),
                    Comment("yamada.taro", "小川さん、ご要望ありがとうございます。検討します！", 205),
                ),
            ),
        ),
    ),
    Community(
        "下北沢が好き",
        "地域",
        paragraphs(
            "下北沢（シモキタ）が好きな人のコミュニティです。",
            "古着、カレー、小劇場、ライブハウス、線路の跡にできた新しい場所のことも。"
            "住んでいる人も、通っている人も、昔よく来ていた人も大歓迎です。お店の情報交換や、オフ会のお知らせにどうぞ。",
            "※お店の方の宣伝は「お店からのお知らせ」トピックにお願いします。",
        ),
        admin="hashimoto.rin",
        created_days_ago=400,
        sub_admins=("inoue.sakura",),
        members=(
            "takahashi.yui",
            "sato.hanako",
            "yamada.taro",
            "kobayashi.daisuke",
            "kato.mai",
            "yamaguchi.nana",
            "suzuki.ichiro",
            "watanabe.misaki",
            "matsumoto.ryo",
        ),
        image=("night_city", 41),
        topics=(
            Topic(
                "hashimoto.rin",
                300,
                "11:00",
                "お店からのお知らせ（宣伝はこちらへ）",
                paragraphs(
                    "お店の方の告知・宣伝は、このトピックにまとめてお願いします。",
                    "ほかのトピックでの宣伝は、管理人・副管理人が削除することがあります。ご協力お願いします。",
                ),
                comments=(
                    Comment(
                        "inoue.sakura",
                        "駅前のミニシアターで、冬の特集上映が始まります。名画座っぽいラインナップです🎬",
                        2000,
                    ),
                    Comment(
                        "hashimoto.rin",
                        "来月、南口のライブハウスでバンドのライブがあります。よかったら遊びに来てください🎸",
                        5000,
                    ),
                ),
            ),
            Topic(
                "takahashi.yui",
                60,
                "20:00",
                "下北沢のおすすめカレー、教えてください",
                paragraphs(
                    "スープカレーから欧風、スパイスカレーまで、下北沢はカレーの街ですよね。",
                    "みなさんのいちばんのお店を教えてください！\n"
                    "私は南口から少し歩いたところの、チキンが丸ごと入ったスープカレーが好きです。",
                ),
                photos=(("ramen", 41),),
                comments=(
                    Comment(
                        "hashimoto.rin",
                        "スパイスカレーなら、茶沢通り沿いの2階のお店が最高です。あいがけがおすすめ！",
                        1,
                    ),
                    Comment("inoue.sakura", "映画の帰りによく寄る喫茶店のカレー、素朴でおいしいですよ。ゆで卵つき", 3),
                    Comment(
                        "kobayashi.daisuke", "欧風なら老舗のあのお店ですね。じゃがいもが丸ごと出てくるのが好きです", 5
                    ),
                    Comment("takahashi.yui", "橋本さん、あいがけメモしました！週末行ってみます", 6),
                    Comment("suzuki.ichiro", "大阪から出張のたびに寄ってます。スパイスカレーの聖地やと思う", 20),
                    Comment("kato.mai", "辛いのが苦手なんですが、甘口のあるお店はありますか？", 26),
                    Comment("hashimoto.rin", "加藤さん、北口のスープカレー屋さんは辛さを0番から選べますよ〜", 27),
                    Comment("kato.mai", "ありがとうございます！0番から挑戦してみます笑", 28),
                    Comment("yamaguchi.nana", "（途中で送ってしもうた）", 40, deleted=True),
                    Comment(
                        "yamaguchi.nana",
                        "広島から遊びに行ったとき、行列に並んででも食べたお店があって……名前が思い出せん。緑の看板のところ！",
                        41,
                    ),
                    Comment("inoue.sakura", "山口さん、それたぶん一番街のお店です！", 43),
                    Comment(
                        "takahashi.yui", "行ってきました！あいがけ、ほんとうにおいしかった。みなさんありがとう🍛", 100
                    ),
                    Comment("matsumoto.ryo", "神戸からですが、次の東京出張で行きます。まとめ助かります", 300),
                ),
                liked_by=("hashimoto.rin", "inoue.sakura", "kato.mai", "suzuki.ichiro"),
            ),
            Topic(
                "sato.hanako",
                35,
                "22:00",
                "再開発で変わったところ、変わらないところ",
                paragraphs(
                    "線路が地下に入って、跡地に新しいお店や広場がずいぶん増えましたね。",
                    "学生のころよく通った本屋さんや、細い路地の雰囲気はそのままで、ほっとします。\n"
                    "みなさんの「変わったな」「ここは変わらないで」を聞かせてください。",
                ),
                comments=(
                    Comment(
                        "yamada.taro",
                        "線路跡の遊歩道、朝の散歩にちょうどいいです。踏切の音がないのは少しさみしいけど",
                        2,
                    ),
                    Comment("hashimoto.rin", "ライブハウスが変わらずあるのがうれしい。先月も出させてもらいました", 4),
                    Comment("sato.hanako", "橋本さん、次のライブは見に行きます！", 5),
                    Comment("watanabe.misaki", "学生のころ東京にいたとき以来行けてないので、行ったら迷いそう……", 30),
                    Comment("kobayashi.daisuke", "古着屋さんが増えた気がします。娘が毎週末通ってます（笑）", 50),
                    Comment(
                        "suzuki.ichiro",
                        "うちの会社の新しい加湿器、駅前の雑貨屋さんでも扱ってもらってます！ぜひ手に取ってみてください",
                        70,
                    ),
                ),
            ),
            Event(
                "hashimoto.rin",
                6,
                "21:00",
                "下北沢 カレー食べ歩きオフ",
                paragraphs(
                    "カレーのトピックで盛り上がったので、食べ歩きオフをやります！",
                    "3軒をはしごして、最後は喫茶店で休憩の予定です。\n"
                    "・集合: 12時 下北沢駅 東口改札前\n"
                    "・会費: 各自の食事代のみ\n"
                    "・少食の方は半分こしましょう笑",
                ),
                place="下北沢駅 東口改札前",
                starts=(12, "12:00"),
                deadline=(9, "23:00"),
                capacity=10,
                going=("takahashi.yui", "inoue.sakura", "kato.mai", "suzuki.ichiro"),
                comments=(
                    Comment("takahashi.yui", "参加します！胃袋を空けていきます", 2),
                    Comment("kato.mai", "甘口のお店も入れてもらえるとうれしいです……！", 5),
                    Comment("hashimoto.rin", "加藤さん、2軒目を辛さの選べるお店にしました！", 8),
                ),
            ),
        ),
        reports=(
            Report(
                "sato.hanako",
                "再開発で変わったところ、変わらないところ",
                6,
                "お店や商品の宣伝は「お店からのお知らせ」トピックにお願いしたいです。",
                5,
            ),
        ),
    ),
    Community(
        "ソーダ水と金曜日（バンド）",
        "音楽",
        paragraphs(
            "4人組バンド「ソーダ水と金曜日」のファンのコミュニティです。",
            "下北沢のライブハウスから始まった彼らの曲、ライブ、グッズのことなど、なんでも語りましょう。",
            "・ツアー中のセットリストはネタバレ注意の一言を添えて\n・チケットの譲渡は公式のリセールで（ここでの売り買いは禁止です）",
            "※非公式のファンコミュニティです。",
        ),
        admin="inoue.sakura",
        created_days_ago=250,
        sub_admins=("hashimoto.rin",),
        members=(
            "takahashi.yui",
            "yamada.taro",
            "kato.mai",
            "yamaguchi.nana",
            "watanabe.misaki",
            "murakami.ai",
            "ikeda.sho",
            "ito.shota",
        ),
        image=("night_city", 42),
        offers=("takahashi.yui",),
        topics=(
            Topic(
                "inoue.sakura",
                200,
                "23:00",
                "好きな曲を語ろう",
                paragraphs(
                    "一曲だけ選ぶのは難しいけど……みなさんのいちばん好きな曲と、その理由を教えてください！",
                    "私は『終電のあとで』。イントロのベースだけで泣けます。",
                ),
                comments=(
                    Comment(
                        "hashimoto.rin",
                        "わかる……！ベース弾きとしても、あのイントロは教科書です。私は『夏の終わりの自販機』",
                        1,
                    ),
                    Comment(
                        "takahashi.yui", "『ソーダ水』一択です。初めて聴いたのがこの曲で、そのまま沼に落ちました", 3
                    ),
                    Comment("kato.mai", "振り付けを勝手に考えちゃうくらい『金曜日のダンス』が好き！", 10),
                    Comment("yamaguchi.nana", "『夜間飛行』のジャケットのイラスト、描いた人になりたかった人生", 24),
                    Comment("watanabe.misaki", "夜勤明けに『朝焼けと信号』を聴くと救われます", 48),
                    Comment("inoue.sakura", "渡辺さん、それは最高のシチュエーションですね……", 50),
                    Comment("ikeda.sho", "しまなみを走りながら『向かい風』を聴いてます🚴", 120),
                    Comment("murakami.ai", "別府公演の", 130, deleted=True),
                    Comment("murakami.ai", "別府公演でやった『湯気のむこう』、音源にしてほしい！", 131),
                    Comment("ito.shota", "ツアー初日、1曲目は『星を数える』でした！天体観測のお供の曲です", 3000),
                    Comment("ito.shota", "ネタバレすみません、気をつけます🙏", 3010),
                ),
                liked_by=("hashimoto.rin", "takahashi.yui", "kato.mai"),
            ),
            Topic(
                "hashimoto.rin",
                45,
                "19:00",
                "新アルバム『夜間飛行』の感想（ネタバレOK）",
                paragraphs(
                    "ついに出ましたね、3枚目のフルアルバム！",
                    "全12曲、通して聴いた感想をどうぞ。歌詞の解釈もお待ちしてます。",
                ),
                comments=(
                    Comment("inoue.sakura", "7曲目からの流れが完璧。アルバムで通して聴いてほしい", 2),
                    Comment("takahashi.yui", "ボーナストラックの弾き語り、涙腺が……", 5),
                    Comment("yamada.taro", "通勤で毎日聴いてます。ドラムの音がいいですね", 20),
                    Comment("kato.mai", "歌詞カードの手書きの文字、ボーカルの字ですよね？かわいい", 26),
                    Comment("hashimoto.rin", "加藤さん、そうです！インタビューで言ってました", 28),
                ),
            ),
            Event(
                "inoue.sakura",
                40,
                "22:00",
                "渋谷ワンマン 終演後オフ会",
                paragraphs(
                    "ワンマンの終演後、ファン同士で乾杯しましょう！",
                    "・終演後 21時30分ごろから2時間くらい\n・会費 3,500円くらい（飲み放題）\n"
                    "・お店は予約済みです。詳しい場所は参加の方に連絡します",
                    "初めての方も気軽にどうぞ。",
                ),
                place="渋谷 センター街の居酒屋",
                starts=(-25, "21:30"),
                deadline=(-27, "23:00"),
                capacity=12,
                going=("hashimoto.rin", "takahashi.yui", "kato.mai", "yamada.taro", "yamaguchi.nana"),
                comments=(
                    Comment("takahashi.yui", "参加します！ライブ仲間ができるのうれしい", 3),
                    Comment("yamaguchi.nana", "広島から遠征します！終電までおります", 20),
                    Comment(
                        "inoue.sakura", "みなさんお疲れさまでした！アンコールの話だけで3時間しゃべってましたね笑", 363
                    ),
                    Comment("kato.mai", "楽しかったです！次のツアーでもやりましょう", 366),
                ),
                photos=(("night_city", 43),),
            ),
        ),
        reports=(
            Report(
                "kato.mai",
                "好きな曲を語ろう",
                10,
                "ツアー中のセットリストのネタバレです。まだ行っていない人もいるので、配慮してほしいです。",
                2,
                resolved=True,
            ),
        ),
    ),
    Community(
        "東北大学 同窓会",
        "学校・同窓会",
        paragraphs(
            "東北大学の卒業生・在学生・元教職員のコミュニティです。仙台を離れた人も、残った人も、学部・学年を問わずどうぞ。",
            "参加は承認制です。参加申請のメッセージに、学部と卒業年（わかる範囲で）を書いてください。\n"
            "トピックはメンバーだけが読めます。",
        ),
        admin="sato.hanako",
        created_days_ago=160,
        sub_admins=("abe.chihiro",),
        members=("yamazaki.haruka", "nakajima.tsubasa"),
        join_policy=JoinPolicy.APPROVAL,
        topics_public=False,
        image=("autumn", 44),
        messages={
            "abe.chihiro": "農学部、2012年卒の阿部です！",
            "yamazaki.haruka": "文学部 2012年卒です。文芸部でした。",
            "nakajima.tsubasa": "経済学部卒の中島です。佐藤さん、お久しぶりです。",
        },
        requests=(
            (
                "ito.shota",
                "はじめまして。学部は北大ですが、修士の2年間を東北大の天文学教室で過ごしました。参加させてください！",
            ),
        ),
        topics=(
            Topic(
                "sato.hanako",
                150,
                "21:00",
                "自己紹介トピック",
                paragraphs(
                    "はじめての方は、こちらで自己紹介をどうぞ。学部・卒業年・いまどこにいるか、くらいで大丈夫です。",
                    "管理人の佐藤です。文学部卒、いまは東京の出版社で働いています。",
                ),
                comments=(
                    Comment("abe.chihiro", "副管理人の阿部です。農学部卒、山形でさくらんぼ農家をしています🍒", 2),
                    Comment("yamazaki.haruka", "文学部卒、盛岡の図書館で司書をしています。文芸部でした", 5),
                    Comment(
                        "nakajima.tsubasa", "経済学部卒、埼玉の物流会社で働いています。在学中は鉄道研究会にいました", 30
                    ),
                    Comment("sato.hanako", "文芸部のメンバーが勢ぞろいですね（笑）", 31),
                ),
            ),
            Topic(
                "yamazaki.haruka",
                70,
                "20:30",
                "仙台の思い出の店",
                paragraphs(
                    "学生時代に通ったお店の話をしましょう。",
                    "私は国分町の裏の定食屋さん。ボリュームがすごくて、試験前はいつもお世話になりました。",
                ),
                comments=(
                    Comment("abe.chihiro", "片平の喫茶店！卒論はほぼあそこで書いた", 3),
                    Comment("nakajima.tsubasa", "学割のある牛タン定食の店、まだあるのかな", 6),
                    Comment("sato.hanako", "北四番丁の古本屋さん。いまの仕事につながった気がします", 8),
                    Comment("yamazaki.haruka", "佐藤さん、あの古本屋さん、去年閉店してしまったそうです……", 30),
                    Comment("sato.hanako", "えっ、そうなんだ……寂しい", 31),
                    Comment("abe.chihiro", "閉店の前に行っておけばよかったね。今度みんなで仙台に集まろうよ", 33),
                ),
                liked_by=("sato.hanako", "abe.chihiro"),
            ),
            Event(
                "sato.hanako",
                10,
                "22:30",
                "仙台で忘年会",
                paragraphs(
                    "「仙台の思い出の店」で話が出たので、年末に仙台で忘年会をしましょう！",
                    "・会費 5,000円くらい\n・二次会は国分町で（希望者のみ）",
                    "遠くに住んでいる方も、帰省のついでにぜひ。",
                ),
                place="仙台駅 西口から歩いて5分の居酒屋（牛タンあり）",
                starts=(24, "18:30"),
                deadline=(17, "23:00"),
                capacity=20,
                going=("abe.chihiro", "yamazaki.haruka"),
                comments=(
                    Comment("abe.chihiro", "行きます！さくらんぼのジャムを持っていくね", 2),
                    Comment("yamazaki.haruka", "盛岡から新幹線で行きます", 5),
                    Comment("nakajima.tsubasa", "仕事納め次第ですが、行けそうなら参加します", 20),
                ),
            ),
        ),
    ),
    Community(
        "おうちごはん部",
        "料理・グルメ",
        paragraphs(
            "毎日のごはん、作り置き、お弁当、季節の保存食。おうちで作るごはんのコミュニティです。",
            "写真つきの報告、レシピの質問、失敗談も大歓迎。上手じゃなくても大丈夫、作ったことがえらい！",
        ),
        admin="watanabe.misaki",
        created_days_ago=180,
        sub_admins=("abe.chihiro",),
        members=(
            "maeda.kaori",
            "yamaguchi.nana",
            "kato.mai",
            "suzuki.ichiro",
            "nakamura.aya",
            "shimizu.kazuki",
            "goto.hiroshi",
            "kobayashi.daisuke",
            "takahashi.yui",
            "hayashi.erika",
            "mori.shun",
            "murakami.ai",
            "yamashita.koji",
            "ogawa.asuka",
            "ikeda.sho",
        ),
        image=("apples", 45),
        topics=(
            Topic(
                "watanabe.misaki",
                80,
                "18:30",
                "今日の晩ごはん報告",
                paragraphs(
                    "今日の晩ごはんを報告するトピックです。一品だけでも、買ってきたお惣菜でもOK！",
                    "夜勤前の私は、豚汁とおにぎりでした。",
                ),
                comments=(
                    Comment("abe.chihiro", "山形のだしを冷奴にのせました。夏の味を冬にも", 2),
                    Comment("maeda.kaori", "氷見のブリでブリ大根！圧力鍋で20分です", 4),
                    Comment(
                        "suzuki.ichiro", "家でラーメンに挑戦。スープに6時間かけました（笑）", 6, photo=("ramen", 46)
                    ),
                    Comment("watanabe.misaki", "鈴木さん、本格的すぎる！", 7),
                    Comment("yamaguchi.nana", "お好み焼き（広島風）。キャベツを半玉使います", 24),
                    Comment("kato.mai", "保育園の給食で出た、かぼちゃのそぼろ煮を真似してみました", 27),
                    Comment("shimizu.kazuki", "新米と、畑の大根の味噌汁。これ以上はいらない", 48),
                    Comment("goto.hiroshi", "りんごと豚肉の重ね蒸し。意外と合いますよ", 50),
                    Comment("hayashi.erika", "旅館のまかないの鯛茶漬け。板長さんに教わりました", 75),
                    Comment("kobayashi.daisuke", "おでんに日本酒。毎晩これでもいい", 100),
                    Comment("watanabe.misaki", "みなさんの報告を見てると元気が出ます。明日も夜勤がんばろう", 101),
                ),
                liked_by=("abe.chihiro", "maeda.kaori", "kato.mai", "shimizu.kazuki"),
            ),
            Topic(
                "takahashi.yui",
                20,
                "21:30",
                "作り置きのコツ、教えてください",
                paragraphs(
                    "平日は帰りが遅いので、週末に作り置きをしたいです。",
                    "何日くらいもつか、何を作るといいか、おすすめを教えてください！",
                ),
                comments=(
                    Comment(
                        "watanabe.misaki",
                        "きんぴら、ひじき煮、味玉あたりは4日くらい大丈夫です。清潔な保存容器が大事！",
                        1,
                    ),
                    Comment("abe.chihiro", "鶏ハムは作っておくと便利。サラダにもサンドイッチにも", 3),
                    Comment("nakamura.aya", "甘いものなら、白玉を茹でて冷凍しておくと便利ですよ", 6),
                    Comment("takahashi.yui", "みなさんありがとうございます！週末は鶏ハムと味玉から始めます", 10),
                    Comment("mori.shun", "桃のコンポートも冷凍できます（宣伝じゃないです笑）", 30),
                ),
            ),
            Event(
                "watanabe.misaki",
                8,
                "22:00",
                "冬の鍋を囲む会（持ち寄り）",
                paragraphs(
                    "レンタルキッチンを借りて、みんなで鍋を囲みましょう！",
                    "・鍋はもつ鍋と水炊きの2種類\n・各自、具材を一品持ち寄り（かぶってもOK）\n・キッチンの都合で定員は6名です",
                ),
                place="福岡・天神のレンタルキッチン",
                starts=(16, "12:00"),
                deadline=(13, "21:00"),
                capacity=6,
                going=("murakami.ai", "yamaguchi.nana", "yamashita.koji", "ogawa.asuka", "ikeda.sho"),
                comments=(
                    Comment("yamaguchi.nana", "広島からカキを持っていきます！", 2),
                    Comment("ogawa.asuka", "鹿児島の黒豚、担当します", 5),
                    Comment(
                        "watanabe.misaki",
                        "満員になりました！ありがとうございます。次回はもっと広いところを探します",
                        50,
                    ),
                    Comment("kato.mai", "次は関東でもやってほしいです〜", 60),
                ),
            ),
        ),
    ),
    Community(
        "ラーメン巡り",
        "料理・グルメ",
        "全国のラーメンを食べ歩く人のコミュニティです。地元の名店、出張先で見つけた一杯、なんでも報告してください。",
        admin="suzuki.ichiro",
        created_days_ago=90,
        members=("tanaka.kenta", "hashimoto.rin", "matsumoto.ryo", "yamada.taro", "kobayashi.daisuke"),
        image=("taiwan_ramen", 47),
        topics=(
            Topic(
                "suzuki.ichiro",
                15,
                "12:30",
                "地元のおすすめラーメン",
                "みなさんの地元の、これだけは食べてほしい一杯を教えてください。大阪なら、ぼくは鶏白湯の店を推します。",
                comments=(
                    Comment("tanaka.kenta", "名古屋なら台湾ラーメン。辛いけど、くせになります", 1),
                    Comment("matsumoto.ryo", "神戸は元町の豚骨醤油。深夜までやってるのが助かる", 3),
                    Comment("hashimoto.rin", "東京は煮干し系が熱いです。朝ラーメンのお店もあります", 8),
                ),
            ),
        ),
    ),
    Community(
        "山歩き・登山の会",
        "スポーツ",
        paragraphs(
            "低い山から北アルプスまで、山歩きが好きな人のコミュニティです。山行の報告、装備の相談、一緒に登る仲間探しにどうぞ。",
            "無理のない計画で、安全に楽しみましょう。",
        ),
        admin="hasegawa.ken",
        created_days_ago=29,
        sub_admins=("yamada.taro",),
        members=("fujita.naoki", "ito.shota", "abe.chihiro", "mori.shun"),
        image=("mountains", 48),
        topics=(
            Topic(
                "abe.chihiro",
                12,
                "20:00",
                "冬の低山、装備はどこまで必要？",
                "雪の少ない低山なら、冬も登ってみたいです。軽アイゼンは要りますか？",
                comments=(
                    Comment(
                        "hasegawa.ken",
                        "日陰は凍っていることが多いので、軽アイゼンはあると安心です。日が短いので早出早着で",
                        2,
                    ),
                    Comment("abe.chihiro", "ありがとうございます！ヘッドランプも入れておきます", 3),
                ),
            ),
        ),
    ),
    Community(
        "星空を見上げる会",
        "趣味",
        "星を見るのが好きな人の集まりです。流星群の予定、撮った写真、おすすめの観測地をどうぞ。",
        admin="ito.shota",
        created_days_ago=70,
        members=("hasegawa.ken", "takahashi.yui", "yoshida.takumi"),
        image=("starry_sky", 49),
    ),
    Community(
        "乗り鉄の集い",
        "旅行",
        "鉄道に乗るのが好きな人のコミュニティです。ローカル線、観光列車、きっぷの話など。参加は承認制です。",
        admin="nakajima.tsubasa",
        created_days_ago=100,
        members=("sato.hanako", "yamazaki.haruka", "ikeda.sho"),
        join_policy=JoinPolicy.APPROVAL,
    ),
    Community(
        "京都 寺社めぐり",
        "地域",
        "京都のお寺や神社をめぐるのが好きな人のコミュニティです。季節の見どころ、御朱印、静かな穴場の情報をどうぞ。",
        admin="ishikawa.mio",
        created_days_ago=85,
        members=("nakamura.aya", "takahashi.yui", "yamada.taro"),
        image=("lanterns", 50),
    ),
    Community(
        "猫と暮らす",
        "趣味",
        "猫と暮らしている人、猫が好きな人のコミュニティです。うちの子自慢、困りごとの相談などどうぞ。",
        admin="sato.hanako",
        created_days_ago=60,
        members=("inoue.sakura", "abe.chihiro", "kobayashi.daisuke"),
    ),
    Community(
        "本の虫",
        "本・マンガ",
        "本を読むのが好きな人のコミュニティです。最近読んだ本、積んでいる本、図書館や本屋さんの話をどうぞ。",
        admin="yamazaki.haruka",
        created_days_ago=110,
        members=("sato.hanako", "abe.chihiro", "kato.mai"),
    ),
    Community(
        "となりの喫茶店（ドラマ）",
        "映画・テレビ",
        "ドラマ「となりの喫茶店」について語るコミュニティです。放送後の感想はネタバレありでどうぞ。",
        admin="inoue.sakura",
        created_days_ago=40,
        members=("sato.hanako", "takahashi.yui"),
    ),
]


def demo_communities_loaded(members: list[Member]) -> bool:
    """Whether any demo community (by its name) exists from an earlier run."""
    return community_models.Community.objects.filter(
        name_key__in=[name_key(spec.name) for spec in COMMUNITIES]
    ).exists()


@transaction.atomic
def demo_communities_load(members: list[Member]) -> None:
    """The categories and the demo communities, through the community services, then back-dated."""
    load = _CommunityLoad(members)
    load.categories()
    for spec in COMMUNITIES:
        load.community(spec)
    load.finish()


class _CommunityLoad:
    """One run of `demo_communities_load`, with the times to back-date at the end."""

    def __init__(self, members: list[Member]) -> None:
        self.by_local = {row[0]: member for row, member in zip(MEMBERS, members, strict=True)}
        self.members = members
        self.now = timezone.now()
        self.category_ids: dict[str, int] = {}
        self.comment_times: dict[int, datetime.datetime] = {}  # comment id → when it was written
        self.reaction_times: dict[tuple[int, int], datetime.datetime] = {}  # (topic id, member id) → when

    def categories(self) -> None:
        """The operator's categories, each made unless one of that name is there already."""
        for position, (name_ja, name_en) in enumerate(CATEGORIES, 1):
            category = Category.objects.filter(Q(name_ja=name_ja) | Q(name_en=name_en)).first()
            if category is None:
                category = Category.objects.create(name_ja=name_ja, name_en=name_en, position=position)
            self.category_ids[name_ja] = category.pk

    def at(self, days_ago: int, time: str) -> datetime.datetime:
        """`days_ago` days back at local time `time`, and at least two hours ago."""
        hour, minute = (int(part) for part in time.split(":"))
        day = timezone.localtime(self.now) - timedelta(days=days_ago)
        return min(day.replace(hour=hour, minute=minute, second=0, microsecond=0), self.now - timedelta(hours=2))

    def ahead(self, moment: Moment) -> datetime.datetime:
        """(days from now, local "HH:MM") as a time: ahead for positive days, past for negative."""
        days, time = moment
        hour, minute = (int(part) for part in time.split(":"))
        day = timezone.localtime(self.now) + timedelta(days=days)
        return day.replace(hour=hour, minute=minute, second=0, microsecond=0)

    def community(self, spec: Community) -> None:
        """One community: its members and roles, topics and events, what is waiting, reports; back-dated."""
        rng = random.Random(spec.name)
        admin = self.by_local[spec.admin]
        community = community_create(
            creator=admin,
            name=spec.name,
            description=spec.description,
            category=self.category_ids[spec.category],
            join_policy=spec.join_policy,
            topics_public=spec.topics_public,
            topic_creation=spec.topic_creation,
            image=demo_photo(*spec.image) if spec.image else None,
        )
        if spec.everyone:
            # The operator's mark, set in the admin: new members join it at sign-up.
            community_models.Community.objects.filter(pk=community.pk).update(joined_by_everyone=True)
        joining = list(spec.sub_admins) + list(spec.members)
        if spec.everyone:
            joining += [row[0] for row in MEMBERS if row[0] != spec.admin and row[0] not in joining]
        for local in joining:
            member = self.by_local[local]
            community_join(member=member, community_id=community.pk, message=spec.messages.get(local))
            if spec.join_policy == JoinPolicy.APPROVAL:
                join_request_approve(moderator=admin, community_id=community.pk, member_id=member.pk)
        for local in spec.sub_admins:
            role_offer_make(
                admin=admin, community_id=community.pk, member_id=self.by_local[local].pk, role=Role.SUB_ADMIN
            )
            role_offer_accept(member=self.by_local[local], community_id=community.pk)

        created = self.now - timedelta(days=spec.created_days_ago)
        first_seen: dict[int, datetime.datetime] = {}
        topics: dict[str, community_models.Topic] = {}
        for topic_spec in sorted(spec.topics, key=lambda t: -t.days_ago):
            topic, times = self.topic(community, topic_spec, rng)
            topics[topic_spec.title] = topic
            for member_id, at in times.items():
                first_seen[member_id] = min(at, first_seen.get(member_id, at))

        for local, message in spec.requests:
            community_join(member=self.by_local[local], community_id=community.pk, message=message)
        for local in spec.offers:
            role_offer_make(
                admin=admin, community_id=community.pk, member_id=self.by_local[local].pk, role=Role.SUB_ADMIN
            )
        for report in spec.reports:
            self.report(community, topics[report.topic], report, admin)

        self.memberships_date(community, created, first_seen, rng)
        last = community_models.Topic.objects.filter(community=community).aggregate(last=Max("last_activity_at"))[
            "last"
        ]
        community_models.Community.objects.filter(pk=community.pk).update(
            created_at=created, last_activity_at=last or created
        )
        community_models.RoleOffer.objects.filter(community=community).update(created_at=self.now - timedelta(hours=27))

    def topic(
        self, community: community_models.Community, spec: Topic, rng: random.Random
    ) -> tuple[community_models.Topic, dict[int, datetime.datetime]]:
        """A topic or event with its photos, participants, comments and イイネ!, back-dated; and when each member
        taking part first wrote or joined."""
        author = self.by_local[spec.author]
        written = self.at(spec.days_ago, spec.time)
        photos = [demo_photo(scene, seed) for scene, seed in spec.photos]
        starts = deadline = None
        past = False
        if isinstance(spec, Event):
            starts, deadline = self.ahead(spec.starts), self.ahead(spec.deadline) if spec.deadline else None
            past = starts <= self.now
            # The services take only dates ahead: an event that has taken place is made ahead, then moved back.
            topic = event_create(
                author=author,
                community_id=community.pk,
                title=spec.title,
                body=spec.body,
                place=spec.place,
                starts_at=self.now + timedelta(days=2) if past else starts,
                deadline=None if past else deadline,
                capacity=spec.capacity,
                photos=photos,
            )
        else:
            topic = topic_create(
                author=author, community_id=community.pk, title=spec.title, body=spec.body, photos=photos
            )
        seen = {author.pk: written}

        if isinstance(spec, Event) and starts is not None:
            last_join = min(starts, self.now) - timedelta(hours=1)
            for local in spec.going:
                member = self.by_local[local]
                try:
                    event_join(member=member, topic_id=topic.pk)
                except ServiceError:  # full, or the member cannot read it: the demo goes on without them
                    continue
                at = min(written + timedelta(hours=rng.uniform(1, 72)), last_join)
                community_models.Participation.objects.filter(topic=topic, member=member).update(created_at=at)
                seen.setdefault(member.pk, at)
            community_models.Participation.objects.filter(topic=topic, member=author).update(created_at=written)

        last = written
        for index, comment_spec in enumerate(spec.comments):
            commenter = self.by_local[comment_spec.author]
            try:
                comment = topic_comment_create(
                    author=commenter,
                    topic_id=topic.pk,
                    body=comment_spec.body,
                    photos=[demo_photo(*comment_spec.photo)] if comment_spec.photo else [],
                )
            except ServiceError:  # the commenter cannot read the topic (a block with its author)
                continue
            topic_comment_notify(comment_id=comment.pk)  # now, so the notifications can be back-dated too
            # In order, a minute apart at least, and in the past even for a topic of last night.
            at = min(
                written + timedelta(hours=comment_spec.hours), self.now - timedelta(minutes=len(spec.comments) - index)
            )
            last = max(at, last + timedelta(minutes=1))
            community_models.TopicComment.objects.filter(pk=comment.pk).update(created_at=last)
            community_models.TopicPhoto.objects.filter(comment=comment).update(created_at=last)
            self.comment_times[comment.pk] = last
            seen[commenter.pk] = min(last, seen.get(commenter.pk, last))
            if comment_spec.deleted:
                topic_comment_delete(member=commenter, topic_id=topic.pk, comment_id=comment.pk)
                community_models.TopicComment.objects.filter(pk=comment.pk).update(
                    deleted_at=last + timedelta(minutes=2)
                )

        for local in spec.liked_by:
            member = self.by_local[local]
            try:
                iine_add(member=member, kind=TOPIC_KIND, item_id=topic.pk)
            except ServiceError:
                continue
            at = min(written + timedelta(hours=rng.uniform(0.5, 48)), self.now - timedelta(minutes=5))
            self.reaction_times[(topic.pk, member.pk)] = at

        moved: dict[str, object] = {"created_at": written, "updated_at": written, "last_activity_at": last}
        if past:
            moved |= {"starts_at": starts, "deadline": deadline}
        community_models.Topic.objects.filter(pk=topic.pk).update(**moved)
        community_models.TopicPhoto.objects.filter(topic=topic, comment__isnull=True).update(created_at=written)
        return topic, seen

    def report(
        self, community: community_models.Community, topic: community_models.Topic, spec: Report, admin: Member
    ) -> None:
        """A member's report of a topic or comment, marked handled by the admin where the spec says so."""
        comment = topic.comments.filter(number=spec.comment).first() if spec.comment else None
        report = report_create(
            reporter=self.by_local[spec.reporter],
            topic_id=topic.pk,
            comment_id=comment.pk if comment else None,
            reason=spec.reason,
        )
        written = self.comment_times[comment.pk] if comment else topic.created_at
        at = min(written + timedelta(hours=spec.hours), self.now - timedelta(minutes=30))
        resolved_at = None
        if spec.resolved:
            report_resolve(moderator=admin, report_id=report.pk)
            resolved_at = min(at + timedelta(hours=3), self.now - timedelta(minutes=10))
        community_models.Report.objects.filter(pk=report.pk).update(created_at=at, resolved_at=resolved_at)

    def memberships_date(
        self,
        community: community_models.Community,
        created: datetime.datetime,
        first_seen: dict[int, datetime.datetime],
        rng: random.Random,
    ) -> None:
        """When each member joined: the admin when the community was made, the others over its first weeks, each
        before the first thing they wrote there; requests still waiting came in during the last day."""
        rows = list(Membership.objects.filter(community=community))
        for row in rows:
            if row.state == MembershipState.PENDING:
                row.created_at = self.now - timedelta(hours=rng.uniform(3, 20))
                continue
            if row.role == Role.ADMIN:
                at = created
            else:
                span = (self.now - created) * 0.5
                at = created + span * rng.random()
                if row.member_id in first_seen:
                    at = max(created + timedelta(minutes=5), min(at, first_seen[row.member_id] - timedelta(hours=1)))
            row.created_at = row.joined_at = at
        Membership.objects.bulk_update(rows, ["created_at", "joined_at"])

    def finish(self) -> None:
        """Back-date the イイネ! and the notifications of comments.

        イイネ! notifications are left to their task, which runs after commit (as for the demo voice).
        """
        rows = list(Reaction.objects.filter(kind=TOPIC_KIND, item_id__in={pk for pk, _m in self.reaction_times}))
        for row in rows:
            row.created_at = self.reaction_times.get((row.item_id, row.member_id), row.created_at)
        Reaction.objects.bulk_update(rows, ["created_at"])
        notifications = list(
            Notification.objects.filter(
                kind=NotificationKind.TOPIC_COMMENT, target_kind=COMMENT_KIND, target_id__in=list(self.comment_times)
            )
        )
        for notification in notifications:
            notification.created_at = self.comment_times[notification.target_id]
        Notification.objects.bulk_update(notifications, ["created_at"], batch_size=500)
