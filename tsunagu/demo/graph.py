"""The demo friend graph: clusters from real life, two hubs, a few loners, groups, blocks, requests and intros.

Members are named by the local part of their e-mail address (see members.py). Everything here is
loaded through the friends and profiles services by `services.demo_graph_load`.
"""

from __future__ import annotations

from itertools import combinations

from tsunagu.core.audience import Audience
from tsunagu.demo.members import MEMBERS

ALL = [row[0] for row in MEMBERS]

# Clusters: everybody in one knows everybody else in it.
CLUSTERS: dict[str, list[str]] = {
    # Classmates from the literature club (文芸部) at Tohoku University.
    "classmates": ["sato.hanako", "abe.chihiro", "yamazaki.haruka", "nakajima.tsubasa"],
    # Colleagues at the same workplace: the つなぐ office.
    "colleagues": ["yamada.taro", "takahashi.yui", "hashimoto.rin", "inoue.sakura"],
    # Family: two sisters from Toyama (the elder married into a Kanazawa inn) and their cousin.
    "family": ["maeda.kaori", "hayashi.erika", "fujita.naoki"],
    # A hometown circle: high-school friends from Oita, now spread around western Japan.
    "hometown": ["murakami.ai", "watanabe.misaki", "ikeda.sho", "yamaguchi.nana"],
}

# Members with (almost) nobody: the graph has a thin edge, as real ones do.
LONERS = ["okada.yuka", "kimura.yuto", "mori.shun", "goto.hiroshi"]

# The operator knows nearly everybody; one popular member knows most.
OPERATOR = "yamada.taro"
POPULAR = "takahashi.yui"
POPULAR_FRIENDS = [
    "sato.hanako",
    "tanaka.kenta",
    "watanabe.misaki",
    "ito.shota",
    "nakamura.aya",
    "kobayashi.daisuke",
    "kato.mai",
    "yoshida.takumi",
    "yamaguchi.nana",
    "matsumoto.ryo",
    "hasegawa.ken",
    "ogawa.asuka",
    "murakami.ai",
    "ishikawa.mio",
    "suzuki.ichiro",
    "abe.chihiro",
    "maeda.kaori",
]

# Looser ties: friends in Kansai, mountain friends, farmers, neighbours.
OTHER_FRIENDSHIPS: list[tuple[str, str]] = [
    ("suzuki.ichiro", "matsumoto.ryo"),
    ("suzuki.ichiro", "nakamura.aya"),
    ("nakamura.aya", "ishikawa.mio"),
    ("suzuki.ichiro", "tanaka.kenta"),
    ("hasegawa.ken", "fujita.naoki"),
    ("hasegawa.ken", "ito.shota"),
    ("sato.hanako", "kobayashi.daisuke"),
    ("kato.mai", "kobayashi.daisuke"),
    ("yoshida.takumi", "murakami.ai"),
    ("ogawa.asuka", "yamashita.koji"),
    ("shimizu.kazuki", "abe.chihiro"),
    ("goto.hiroshi", "shimizu.kazuki"),
    ("kimura.yuto", "mori.shun"),
]

# アクセスブロック: (blocker, blocked). Never friends, never asking each other.
BLOCKS: list[tuple[str, str]] = [
    ("ishikawa.mio", "matsumoto.ryo"),
    ("hashimoto.rin", "nakajima.tsubasa"),
]


def friendships() -> list[tuple[str, str]]:
    """Every friendship of the demo graph, each pair once."""
    pairs: list[tuple[str, str]] = []
    for members in CLUSTERS.values():
        pairs.extend(combinations(members, 2))
    blocked = {frozenset(b) for b in BLOCKS}
    pairs.extend(
        (OPERATOR, other)
        for other in ALL
        if other != OPERATOR and other not in LONERS and frozenset((OPERATOR, other)) not in blocked
    )
    pairs.extend((POPULAR, other) for other in POPULAR_FRIENDS)
    pairs.extend(OTHER_FRIENDSHIPS)
    seen: set[frozenset[str]] = set()
    unique = []
    for a, b in pairs:
        if frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            unique.append((a, b))
    return unique


# Friend groups: owner → {name: members}. Group names are seen by their owner alone.
GROUPS: dict[str, dict[str, list[str]]] = {
    "yamada.taro": {
        "同僚": ["takahashi.yui", "hashimoto.rin", "inoue.sakura"],
        "山仲間": ["hasegawa.ken", "fujita.naoki", "ito.shota"],
        "仲良し": ["sato.hanako", "takahashi.yui", "kobayashi.daisuke"],
    },
    "sato.hanako": {
        "文芸部": ["abe.chihiro", "yamazaki.haruka", "nakajima.tsubasa"],
        "仲良し": ["takahashi.yui", "abe.chihiro"],
    },
    "takahashi.yui": {
        "同僚": ["yamada.taro", "hashimoto.rin", "inoue.sakura"],
        "旅行仲間": ["yoshida.takumi", "murakami.ai", "ogawa.asuka", "ito.shota"],
        "仲良し": ["sato.hanako", "kato.mai"],
    },
    "inoue.sakura": {"同僚": ["yamada.taro", "takahashi.yui", "hashimoto.rin"]},
    "maeda.kaori": {"家族": ["hayashi.erika", "fujita.naoki"]},
    "hayashi.erika": {"家族": ["maeda.kaori", "fujita.naoki"]},
    "fujita.naoki": {"家族": ["maeda.kaori", "hayashi.erika"], "山仲間": ["hasegawa.ken", "yamada.taro"]},
    "murakami.ai": {"地元の同級生": ["watanabe.misaki", "ikeda.sho", "yamaguchi.nana"]},
    "watanabe.misaki": {"地元の同級生": ["murakami.ai", "ikeda.sho", "yamaguchi.nana"]},
    "suzuki.ichiro": {"関西": ["matsumoto.ryo", "nakamura.aya"]},
}

# Pending friend requests: (sender, recipient, message). The last one was declined (silently).
REQUESTS: list[tuple[str, str, str]] = [
    (
        "okada.yuka",
        "takahashi.yui",
        "はじめまして！旅行の写真、いつも楽しみに見ています。よかったらマイミクになってください。",
    ),
    (
        "kimura.yuto",
        "yamada.taro",
        "静岡でお茶を作っている木村です。つなぐの運営おつかれさまです！マイミク申請させてください。",
    ),
    ("mori.shun", "sato.hanako", "岡山の森です。本の紹介がとても参考になりました。よろしくお願いします！"),
    ("goto.hiroshi", "abe.chihiro", "同じ東北の農家同士、情報交換できたら嬉しいです。"),
]
DECLINED_REQUESTS: list[tuple[str, str, str]] = [
    ("nakajima.tsubasa", "inoue.sakura", "写真の趣味が同じなので、ぜひつながりたいです。"),
]

# Intros (紹介文): (author, subject, text). The author and subject are friends.
INTROS: list[tuple[str, str, str]] = [
    (
        "sato.hanako",
        "abe.chihiro",
        "大学の文芸部の同期です。いつも穏やかで、さくらんぼの季節になると必ず送ってくれる優しい人。"
        "山形に遊びに行くのが毎年の楽しみです。",
    ),
    ("abe.chihiro", "sato.hanako", "文芸部で一緒に同人誌を作った仲間です。本のことなら花子に聞けば間違いなし！"),
    (
        "takahashi.yui",
        "yamada.taro",
        "つなぐ運営の頼れる先輩です。山の写真がとにかく綺麗。困ったときはまず山田さんに相談しています。",
    ),
    (
        "yamada.taro",
        "takahashi.yui",
        "一緒につなぐを作っているエンジニアです。仕事が早くて丁寧、旅先からの写真もいつも素敵です。",
    ),
    (
        "maeda.kaori",
        "hayashi.erika",
        "自慢の姉です。金沢の旅館で女将修行中。富山に帰ってくるたびにお土産をありがとう！",
    ),
    (
        "hayashi.erika",
        "maeda.kaori",
        "妹です。薬剤師として地元で頑張っています。美味しいお寿司屋さんは妹に聞いてください。",
    ),
    (
        "murakami.ai",
        "watanabe.misaki",
        "高校の同級生で、部活も一緒でした。看護師として頑張っている姿を尊敬しています。",
    ),
    ("ikeda.sho", "murakami.ai", "地元大分の同級生。帰省すると必ず別府の温泉に連れていってくれます。"),
    ("suzuki.ichiro", "nakamura.aya", "京都の和菓子屋さんの看板娘。季節のお菓子はどれも絶品です。"),
    ("hasegawa.ken", "yamada.taro", "北アルプスを一緒に歩いた山仲間です。カメラを持つと止まらなくなります（笑）"),
]
# Intros their subject chose to hide: (author, subject, text).
HIDDEN_INTROS: list[tuple[str, str, str]] = [
    ("hashimoto.rin", "inoue.sakura", "バイト先の先輩。映画の趣味が渋すぎてついていけません（笑）"),
]

# Who may see each profile field: one of three mixes per member (by position in MEMBERS), and for
# group owners some fields shared with one of their groups.
FIELD_NAMES = ["gender", "birthday", "current_prefecture", "home_prefecture", "school", "workplace", "interests"]
AUDIENCE_MIXES: list[dict[str, str]] = [
    {
        "gender": Audience.MEMBERS,
        "birthday": Audience.FRIENDS,
        "birth_year": Audience.ONLY_ME,
        "current_prefecture": Audience.PUBLIC,
        "home_prefecture": Audience.MEMBERS,
        "school": Audience.FRIENDS_OF_FRIENDS,
        "workplace": Audience.FRIENDS,
        "interests": Audience.PUBLIC,
        "friend_list": Audience.FRIENDS,
    },
    {
        "gender": Audience.FRIENDS,
        "birthday": Audience.FRIENDS_OF_FRIENDS,
        "birth_year": Audience.FRIENDS,
        "current_prefecture": Audience.MEMBERS,
        "home_prefecture": Audience.FRIENDS,
        "school": Audience.MEMBERS,
        "workplace": Audience.ONLY_ME,
        "interests": Audience.MEMBERS,
        "friend_list": Audience.MEMBERS,
    },
    {
        "gender": Audience.MEMBERS,
        "birthday": Audience.MEMBERS,
        "birth_year": Audience.ONLY_ME,
        "current_prefecture": Audience.FRIENDS_OF_FRIENDS,
        "home_prefecture": Audience.MEMBERS,
        "school": Audience.FRIENDS,
        "workplace": Audience.FRIENDS_OF_FRIENDS,
        "interests": Audience.PUBLIC,
        "friend_list": Audience.FRIENDS_OF_FRIENDS,
    },
]
# owner → {field: group name}: fields shared with one friend group.
FIELD_GROUPS: dict[str, dict[str, str]] = {
    "yamada.taro": {"workplace": "同僚", "birthday": "仲良し"},
    "sato.hanako": {"birthday": "仲良し", "school": "文芸部"},
    "takahashi.yui": {"workplace": "同僚", "birthday": "仲良し", "friend_list": "仲良し"},
    "inoue.sakura": {"workplace": "同僚"},
    "maeda.kaori": {"birthday": "家族", "current_prefecture": "家族"},
    "hayashi.erika": {"birthday": "家族"},
    "fujita.naoki": {"birthday": "家族", "interests": "山仲間"},
    "murakami.ai": {"birthday": "地元の同級生"},
    "watanabe.misaki": {"workplace": "地元の同級生"},
    "suzuki.ichiro": {"current_prefecture": "関西"},
}
