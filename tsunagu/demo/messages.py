"""The demo messages (メッセージ): a few conversations between demo members, sent through the message services.

Members are named by the local part of their e-mail address (see members.py). Each conversation is a
first message and the replies to it, taking turns, `hours_ago` back from when the demo is loaded; the
last message of a conversation marked `unread` waits unread in its recipient's inbox. Loaded once, like
the diaries: after that the demo belongs to whoever plays with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tsunagu.accounts.models import Member
from tsunagu.core.errors import ServiceError
from tsunagu.demo.members import MEMBERS
from tsunagu.messaging.forms import reply_subject
from tsunagu.messaging.models import Message, MessagePolicy, MessageSending
from tsunagu.messaging.services import message_send, message_settings_update, message_trash


@dataclass(frozen=True)
class Said:
    author: str  # one of the conversation's two members; the message goes to the other
    body: str
    hours_ago: float


@dataclass(frozen=True)
class Conversation:
    between: tuple[str, str]
    subject: str
    messages: tuple[Said, ...]
    unread: bool = False  # the last message has not been opened yet
    trashed_by: str = ""  # a member who moved the whole conversation to their trash


CONVERSATIONS: list[Conversation] = [
    Conversation(
        ("hasegawa.ken", "yamada.taro"),
        "北アルプスの計画",
        (
            Said(
                "hasegawa.ken",
                "山田さん、こんばんは。\n秋の涸沢、10月の三連休でどうでしょう？\n"
                "紅葉のピークにちょうど当たりそうです。小屋の予約はこちらで取っておきます。",
                70,
            ),
            Said("yamada.taro", "いいですね、ぜひ！新しいカメラのデビュー戦にします。\n前泊は松本にしましょうか。", 66),
            Said("hasegawa.ken", "了解です。松本なら駅前のそば屋、また行きましょう（笑）", 65),
        ),
    ),
    Conversation(
        ("sato.hanako", "abe.chihiro"),
        "さくらんぼ、ありがとう！",
        (
            Said(
                "sato.hanako",
                "千尋へ\n\nさくらんぼ、今年も届きました！ありがとう。\n佐藤錦、つやつやで食べるのがもったいないくらい。"
                "さっそく職場でもおすそわけしました。",
                120,
            ),
            Said(
                "abe.chihiro",
                "無事に届いてよかった〜！今年は甘さが当たり年です。\n秋には文芸部のみんなで集まりたいね。",
                110,
            ),
            Said("sato.hanako", "集まろう集まろう！遥と翼にも声をかけておくね。", 100),
        ),
    ),
    Conversation(
        ("takahashi.yui", "yoshida.takumi"),
        "ライセンス講習の日程",
        (
            Said(
                "takahashi.yui",
                "吉田さん、先日はありがとうございました！\nオープンウォーターの講習、11月に受けられますか？",
                30,
            ),
            Said(
                "yoshida.takumi",
                "11月なら水温もまだ大丈夫です。\n学科はオンラインで先に進められるので、3日あれば取れますよ。",
                28,
            ),
            Said("takahashi.yui", "よかった！有給を取って行きます。詳しい日程はまた相談させてください。", 5),
        ),
        unread=True,
    ),
    Conversation(
        ("maeda.kaori", "hayashi.erika"),
        "お盆の帰省",
        (
            Said(
                "maeda.kaori",
                "お姉ちゃん、お盆は富山に帰ってこられそう？\nお母さんが白えびの天ぷらを作るって張り切ってるよ。",
                200,
            ),
            Said(
                "hayashi.erika",
                "旅館が繁忙期だから、14日の夜から一泊だけになりそう。\n直樹くんも呼んで、みんなでお寿司に行こうか。",
                190,
            ),
        ),
        trashed_by="maeda.kaori",
    ),
    Conversation(
        ("kimura.yuto", "yamada.taro"),
        "はじめまして",
        (
            Said(
                "kimura.yuto",
                "はじめまして、静岡でお茶を作っている木村です。\n"
                "つなぐの運営、いつもありがとうございます。新茶の季節にコミュニティを作りたいのですが、"
                "どんな準備をすればいいか教えていただけますか？",
                3,
            ),
        ),
        unread=True,
    ),
    Conversation(
        ("murakami.ai", "watanabe.misaki"),
        "同窓会の幹事",
        (
            Said(
                "murakami.ai",
                "美咲、同窓会の幹事、今年は私たちの番みたい……！\n年末の29日、別府で考えてるんだけどどうかな？",
                48,
            ),
            Said("watanabe.misaki", "29日なら夜勤明けで行けるよ！お店は駅前のとり天の店はどう？", 40),
        ),
        unread=True,
    ),
    Conversation(
        ("inoue.sakura", "takahashi.yui"),
        "来週の打ち合わせ",
        (
            Said(
                "inoue.sakura",
                "高橋さん\n来週のデザインレビュー、火曜の15時からに変更になりました。\n資料は共有フォルダに入れてあります。",
                1.5,
            ),
        ),
        unread=True,
    ),
]

# Members who take messages from friends only (the default is any member).
FRIENDS_ONLY = ["hashimoto.rin"]


def demo_messages_loaded(members: list[Member]) -> bool:
    """Whether the demo members have exchanged any message yet (from an earlier run, or by playing)."""
    return Message.objects.filter(sender__in=members).exists()


@transaction.atomic
def demo_messages_load(members: list[Member]) -> None:
    """The conversations, written through the message services and then back-dated; once only."""
    if demo_messages_loaded(members):
        return
    by_local = {row[0]: member for row, member in zip(MEMBERS, members, strict=True)}
    for local in FRIENDS_ONLY:
        message_settings_update(member=by_local[local], accept_from=MessagePolicy.FRIENDS)
    now = timezone.now()
    for conversation in CONVERSATIONS:
        _conversation_send(conversation, by_local, now)
    # The demo's messages were written in the past: nobody starts with a used-up hourly allowance.
    MessageSending.objects.filter(sender__in=members).delete()


def _conversation_send(conversation: Conversation, by_local: dict[str, Member], now: datetime) -> None:
    a, b = conversation.between
    previous: Message | None = None
    sent: list[Message] = []
    for index, said in enumerate(conversation.messages):
        sender = by_local[said.author]
        recipient = by_local[b if said.author == a else a]
        try:
            message = message_send(
                sender=sender,
                to=recipient.pk,
                subject=reply_subject(conversation.subject) if previous else conversation.subject,
                body=said.body,
                in_reply_to=previous.pk if previous else None,
            )
        except ServiceError:  # the two may no longer write to each other: the conversation ends here
            break
        at = now - timedelta(hours=said.hours_ago)
        last = index == len(conversation.messages) - 1
        read_at = None if last and conversation.unread else min(at + timedelta(minutes=25), now)
        Message.objects.filter(pk=message.pk).update(created_at=at, read_at=read_at)
        previous = message
        sent.append(message)
    if conversation.trashed_by:
        for message in sent:
            message_trash(member=by_local[conversation.trashed_by], message_id=message.pk)
