"""The demo diaries (日記): entries over the last three months, with the comments their friends left.

Members are named by the local part of their e-mail address (see members.py). Times are relative to
the moment the demo is loaded: an entry `days_ago` days back at local time `time`, each comment
`hours` after its entry. Photos are painted by photos.py from a (scene, seed) pair. イイネ! and
footprints are not listed here: `services.demo_diaries_load` hands them out among the members who
may see each entry. Everything is written through the diary services, as the members would.
"""

from __future__ import annotations

from dataclasses import dataclass

from tsunagu.core.audience import Audience

Photo = tuple[str, int]


@dataclass(frozen=True)
class Comment:
    author: str
    body: str
    hours: float  # after the entry was written
    photos: tuple[Photo, ...] = ()
    deleted: bool = False  # its author deletes it again (it keeps its number and shows as deleted)


@dataclass(frozen=True)
class Entry:
    author: str
    days_ago: int
    time: str  # local time of day, HH:MM
    title: str
    body: str
    audience: str = Audience.FRIENDS
    group: str = ""  # the author's friend group, for Audience.FRIEND_GROUP
    photos: tuple[Photo, ...] = ()
    comments: tuple[Comment, ...] = ()
    close_comments: bool = False  # the author closes comments after the last one


def paragraphs(*parts: str) -> str:
    return "\n\n".join(parts)


ENTRIES: list[Entry] = [
    Entry(
        "takahashi.yui",
        88,
        "21:40",
        "沖縄で夏休み",
        paragraphs(
            "遅めの夏休みで沖縄へ。吉田さんのダイビングショップで、人生2回目の体験ダイビングをしてきました。",
            "水の中で見上げた光がほんとうにきれいで、しばらくぼーっとしてしまった……。\n"
            "ウミガメにも会えました！ゆっくり泳いでいく姿に癒やされました。",
            "夜は国際通りで沖縄そばとオリオンビール。また絶対来ます。",
        ),
        photos=(("sea", 1), ("sea", 2)),
        comments=(
            Comment("yoshida.takumi", "来てくれてありがとう！ウミガメに会えたのはラッキーでしたね〜", 1.5),
            Comment("murakami.ai", "海の色がすごい…！別府の海とは全然ちがう（笑）", 3),
            Comment("takahashi.yui", "吉田さん、ありがとうございました！次はライセンス取りに行きます", 4),
            Comment("yoshida.takumi", "いつでもどうぞ。三線もセットで教えますよ", 5),
        ),
    ),
    Entry(
        "yamada.taro",
        86,
        "22:10",
        "新しいカメラを買いました",
        paragraphs(
            "ずっと迷っていたミラーレス、ついに買ってしまいました。\n"
            "10年使った一眼レフも好きだったけど、山に持っていくにはさすがに重くて……。",
            "週末さっそく高尾山で試し撮り。軽いのに解像感がすごいです。朝の光で撮った一枚を載せておきます。",
            "次はこれを持って北アルプスに行きたい。",
        ),
        photos=(("mountains", 1),),
        comments=(
            Comment("hasegawa.ken", "おお、ついに買いましたね！秋の涸沢で試しましょう。", 1.2),
            Comment("inoue.sakura", "いいなあ〜！今度事務所で触らせてください！", 2),
            Comment("yamada.taro", "井上さん、もちろん。月曜に持っていきます。長谷川さん、涸沢楽しみにしてます！", 2.5),
            Comment(
                "inoue.sakura",
                "やったー！お盆に長野で撮った一枚も載せておきます。スマホですが（笑）",
                3.2,
                photos=(("mountains", 5),),
            ),
            Comment("takahashi.yui", "山田さんのカメラ沼、ついに第二章ですね", 9),
        ),
    ),
    Entry(
        "sato.hanako",
        83,
        "21:05",
        "神保町の古本と喫茶店",
        paragraphs(
            "休日の神保町。古本まつりの前だけど、もう歩いているだけで楽しい。",
            "今日の収穫は、昭和の装丁がかわいい詩集を2冊。\n"
            "路地の奥の喫茶店で、ナポリタンとクリームソーダを頼んで、買ったばかりの本を読みました。",
            "帰ったら猫が本の上で寝ていて、読めなかったのはいつものことです。",
        ),
        audience=Audience.FRIENDS_OF_FRIENDS,
        comments=(
            Comment("abe.chihiro", "花子らしい休日！そのお店、今度東京に行ったら連れてって〜", 0.8),
            Comment("yamazaki.haruka", "図書館員としては装丁が気になります…！", 1.5),
            Comment("sato.hanako", "千尋、ぜひ！遥には今度写真送るね", 2),
        ),
    ),
    Entry(
        "suzuki.ichiro",
        80,
        "23:40",
        "天満に新しいラーメン屋ができてた",
        paragraphs(
            "会社帰りに天満をぶらぶらしてたら、見たことない行列。並んでみたら、先週オープンしたばっかりの鶏白湯の店でした。",
            "スープがとろっとしてるのに、後味は意外とあっさり。チャーシューは低温調理のしっとり系と、炙りの2種類。\n"
            "味玉の半熟具合も完璧。替え玉は細麺で、これがまたスープに合う。",
            "点数つけるなら今年のベスト3に入るな。次は塩を食べに行きます。",
        ),
        audience=Audience.FRIENDS_OF_FRIENDS,
        photos=(("ramen", 1),),
        comments=(
            Comment("tanaka.kenta", "うまそう…！名古屋から食べに行きます", 0.5),
            Comment("takahashi.yui", "いいね！今度連れてって〜", 1),
            Comment("matsumoto.ryo", "あ、ここ昨日前を通りました！", 1.2, deleted=True),
            Comment("suzuki.ichiro", "結衣ちゃん、大阪来るとき言うてな。並ぶけど並ぶ価値あるで", 1.5),
            Comment("matsumoto.ryo", "（さっきのは別の店と勘違いでした）今度一緒に行きましょう", 2),
            Comment("suzuki.ichiro", "ええよ、替え玉おごったるわ", 2.3),
            Comment(
                "tanaka.kenta",
                "ちなみに昨日の名古屋の一杯。台湾ラーメンも負けてないですよ",
                11,
                photos=(("taiwan_ramen", 1),),
            ),
        ),
    ),
    Entry(
        "takahashi.yui",
        78,
        "20:15",
        "朝ヨガ30日チャレンジ、はじめます",
        paragraphs(
            "在宅勤務が続いて肩こりがひどいので、明日から30日間、毎朝6時にヨガをすることにしました。",
            "宣言しておかないと三日坊主になりそうなので、ここに書いておきます。",
        ),
        comments=(
            Comment("murakami.ai", "別府から一緒にやります！", 0.5),
            Comment("hashimoto.rin", "結衣さん、朝6時って本気ですか…", 1),
            Comment("takahashi.yui", "本気です（笑）三日坊主にならないよう見張っててね", 1.3),
        ),
    ),
    Entry(
        "hashimoto.rin",
        76,
        "23:55",
        "基本情報の勉強、はじめました",
        paragraphs(
            "インターン先で先輩たちの話についていけないのが悔しくて、基本情報技術者試験を受けることにしました。",
            "とりあえず参考書を買って、通学の電車で1日1章。アルゴリズムの問題が思ったより楽しい。",
        ),
        comments=(
            Comment("yamada.taro", "インターン中に取れたら最強だね。過去問は午後が大事！", 8),
            Comment("inoue.sakura", "一緒に図書館で勉強しよ〜", 10),
        ),
    ),
    Entry(
        "yoshida.takumi",
        70,
        "19:00",
        "台風一過",
        paragraphs(
            "台風が抜けて、今日から海に出られました。",
            "うねりが残っていたので浅場だけ。でも透明度は30メートル近くあって、砂地にいたチンアナゴがよく見えました。",
        ),
        comments=(
            Comment("takahashi.yui", "無事でよかった！お店は大丈夫でしたか？", 1),
            Comment("yoshida.takumi", "看板が少し曲がったくらいで大丈夫でした〜", 2),
        ),
    ),
    Entry(
        "shimizu.kazuki",
        68,
        "18:00",
        "稲刈り、終わりました",
        paragraphs(
            "今年も無事に稲刈りが終わりました。夏が暑すぎて心配したけど、粒はしっかりしてます。",
            "コンバインの横で、赤とんぼがずっと飛んでいました。",
        ),
        comments=(
            Comment("abe.chihiro", "お疲れさまでした！新米楽しみ〜", 2),
            Comment("yamada.taro", "お疲れさま！今年も注文させてください", 3),
            Comment("shimizu.kazuki", "山田さん、ありがとうございます！精米したら送ります", 4),
        ),
    ),
    Entry(
        "nakamura.aya",
        66,
        "21:00",
        "はじめての野点",
        paragraphs(
            "お茶の先生のお誘いで、嵐山で野点のお手伝いをしました。",
            "外で点てるお茶は、お茶室とはまた違う味がします。着物で河原を歩くのは大変でしたけど（笑）",
        ),
        comments=(
            Comment("ishikawa.mio", "素敵！観光のお客様にもおすすめしたいです", 1),
            Comment("suzuki.ichiro", "正座できへんけど、外やったら行けるかも", 3),
        ),
    ),
    Entry(
        "watanabe.misaki",
        65,
        "20:00",
        "雨、雨、雨",
        paragraphs(
            "梅雨に逆戻りしたみたいな一週間。夜勤明けに帰ってきても、洗濯物がぜんぜん乾かない…。",
            "コインランドリーに行ったら同じことを考えてる人でいっぱいでした。\n晴れたら布団を干して、温泉に行きたい。",
        ),
        comments=(
            Comment("yamaguchi.nana", "広島もずっと雨〜。髪がまとまらん！", 0.5),
            Comment("murakami.ai", "別府は湯けむりと雨でもう何も見えんよ（笑）", 1),
            Comment("watanabe.misaki", "みんな同じやね。晴れたら温泉行こう！", 1.5),
            Comment("ikeda.sho", "自転車に乗れない週末はつらい…", 4),
        ),
    ),
    Entry(
        "kobayashi.daisuke",
        62,
        "21:30",
        "息子の運動会",
        paragraphs(
            "朝5時に起きて場所取り。レジャーシートを広げて、ようやく一息。",
            "息子はリレーのアンカー。最後のコーナーで転んで、それでも立ち上がって最後まで走りきりました。\n"
            "順位は3位。ゴールしたあと泣いていたけど、帰り道には「来年は1位」と言っていました。",
            "親のほうが泣きそうでした。夜は家族でお疲れさま会。ビールがうまい。",
        ),
        comments=(
            Comment("kato.mai", "アンカーかっこいい！うちの保育園も来週運動会です", 1),
            Comment("sato.hanako", "転んでも最後まで走ったの、えらい…読んでて泣けました", 2),
            Comment("takahashi.yui", "お父さんもお疲れさまでした！", 3),
            Comment("kobayashi.daisuke", "ありがとう。筋肉痛なのは私の方です（笑）", 4),
        ),
    ),
    Entry(
        "abe.chihiro",
        60,
        "21:00",
        "河原で芋煮会",
        paragraphs(
            "山形の秋といえば芋煮。今年も農家仲間と河原で芋煮会をしました。",
            "うちは醤油味に牛肉。里芋は近所のおばあちゃんの畑のもの。\n〆はカレーうどんにするのが最近の流行りです。",
        ),
        comments=(
            Comment("sato.hanako", "山形の芋煮、食べたい〜", 1),
            Comment("yamazaki.haruka", "岩手もそろそろ芋の子汁の季節！", 2),
            Comment("nakajima.tsubasa", "今年も行けなくて残念…来年こそ", 3),
            Comment("abe.chihiro", "来年は文芸部で芋煮やろう！", 4),
        ),
    ),
    Entry(
        "suzuki.ichiro",
        58,
        "22:00",
        "甲子園、最高の夜",
        paragraphs(
            "仕事終わりにダッシュで甲子園。7回の風船、何年見ても飽きへん。",
            "サヨナラのあと、知らんおっちゃんとハイタッチしました。これがあるから球場はやめられへん。",
        ),
        comments=(
            Comment("matsumoto.ryo", "テレビで見てました！あの一打はしびれましたね", 0.5),
            Comment("tanaka.kenta", "サッカーもいいけど、野球の応援も楽しそう", 2),
        ),
    ),
    Entry(
        "kato.mai",
        57,
        "22:00",
        "保育園の運動会、無事終了",
        paragraphs(
            "今日は保育園の運動会でした。年長さんのダンスは、1か月かけてみんなで作ったもの。",
            "本番でいちばん緊張していたのは、たぶん私です（笑）\n子どもたちが笑顔で踊りきってくれて、もう胸がいっぱい。",
        ),
        comments=(
            Comment("kobayashi.daisuke", "先生方、お疲れさまでした！", 1),
            Comment("yamada.taro", "お疲れさま！ゆっくり休んでね", 2),
        ),
    ),
    Entry(
        "ikeda.sho",
        55,
        "18:30",
        "しまなみ海道、完走",
        paragraphs(
            "今治から尾道まで、しまなみ海道を走ってきました。約70キロ。",
            "来島海峡大橋から見る海は、何回走っても感動します。\n"
            "途中の大三島でみかんジュースを飲んだら、疲れが吹き飛びました。",
        ),
        audience=Audience.FRIENDS_OF_FRIENDS,
        photos=(("sea", 4),),
        comments=(
            Comment("yamaguchi.nana", "向島のあたり、景色いいよね！", 1),
            Comment("watanabe.misaki", "翔くん、また日焼けしたやろ〜", 2),
            Comment("yamada.taro", "いつか走ってみたいなあ", 6),
        ),
    ),
    Entry(
        "yamada.taro",
        53,
        "20:00",
        "新潟に帰省",
        paragraphs(
            "連休を使って新潟の実家へ。田んぼはもう稲刈りが終わっていました。",
            "母が炊いた新米とのっぺい汁。やっぱり実家のごはんがいちばんです。",
        ),
        comments=(
            Comment("shimizu.kazuki", "新潟の新米、うちのライバルです（笑）", 2),
            Comment("yamada.taro", "どっちもおいしいのでセーフです！", 3),
        ),
    ),
    Entry(
        "kimura.yuto",
        50,
        "20:00",
        "秋冬番茶の刈り取り",
        paragraphs(
            "今日は一日、秋冬番茶の刈り取りでした。",
            "一番茶ほど注目されないけど、ほうじ茶にすると香ばしくて、冬の夜にぴったりです。",
        ),
        audience=Audience.MEMBERS,
        comments=(Comment("mori.shun", "お茶の香りがここまで届きそう。ほうじ茶、買いに行きます！", 3),),
    ),
    Entry(
        "shimizu.kazuki",
        48,
        "22:30",
        "二本松の提灯祭り",
        paragraphs(
            "地元の提灯祭りに今年も参加しました。太鼓台に300個の提灯が灯ると、町の空気が一変します。",
            "子どものころは見る側だったけど、今は若連の世話役。\n"
            "朝方の坂道を太鼓台が駆け上がるところは、何度見ても鳥肌が立ちます。",
            "写真は宵祭りのころ。来年はぜひ見に来てください。",
        ),
        audience=Audience.MEMBERS,
        photos=(("lanterns", 1), ("lanterns", 2)),
        comments=(
            Comment("abe.chihiro", "提灯がきれい！毎年行きたいと思ってるんだよね", 1),
            Comment("goto.hiroshi", "ねぶたとはまた違う迫力ですね。来年は見に行きます", 2),
            Comment("shimizu.kazuki", "後藤さん、ぜひ！こちらもねぶたに行かせてください", 3),
            Comment("yamada.taro", "写真いいね。提灯の光があたたかい", 5),
        ),
    ),
    Entry(
        "ito.shota",
        47,
        "23:20",
        "修論の中間発表、終わった",
        paragraphs(
            "研究室の中間発表、なんとか終わりました。変光星の観測データ、まだまだ足りない。",
            "帰り道、大学の構内から見上げたら木星がよく見えた。がんばろう。",
        ),
        comments=(
            Comment("hasegawa.ken", "お疲れさま！山の上ならもっと見えるよ", 1),
            Comment("takahashi.yui", "伊藤くんお疲れさま〜", 2),
        ),
    ),
    Entry(
        "takahashi.yui",
        45,
        "22:40",
        "大阪出張",
        paragraphs(
            "2泊3日の大阪出張でした。梅田のビル群、何度来ても迷います……。",
            "仕事は無事に終わって、最終日の夜は鈴木さんにあの天満のラーメン屋さんへ連れていってもらいました。\n"
            "並んだけど、ほんとうに並ぶ価値ありでした。鶏白湯、また食べたい。",
            "ホテルの窓からの夜景も最高。次は観光で来たいな。",
        ),
        photos=(("night_city", 1), ("ramen", 3)),
        comments=(
            Comment("suzuki.ichiro", "来てくれてありがとう！次は甲子園な", 0.5),
            Comment("yamada.taro", "出張お疲れさま！資料ありがとうございました", 10),
            Comment("matsumoto.ryo", "神戸にも寄ってくれたらよかったのに〜", 12),
            Comment("takahashi.yui", "次は神戸まで足をのばします！", 13),
        ),
    ),
    Entry(
        "inoue.sakura",
        44,
        "23:00",
        "名画座で二本立て",
        paragraphs(
            "早稲田の名画座で、70年代の映画を二本立て。フィルムのざらっとした質感、やっぱり好きです。",
            "学生のころは長野で配信ばかりだったから、東京に来てよかったことの一つです。",
        ),
        comments=(
            Comment("hashimoto.rin", "また渋いの観てる（笑）", 1),
            Comment("inoue.sakura", "凛ちゃんも今度一緒に行こう、ハマるよ", 1.5),
        ),
    ),
    Entry(
        "matsumoto.ryo",
        41,
        "23:00",
        "神戸ジャズストリート",
        paragraphs(
            "北野の街がまるごとジャズの会場になる二日間。今年も昼から夜まで歩き回りました。",
            "教会で聴いたピアノトリオがとくによかった。石畳の坂を、音に誘われてふらふら歩くのが最高です。",
            "プログラムはここで見られます: https://example.jp/kobe-jazz/2026",
        ),
        audience=Audience.MEMBERS,
        comments=(
            Comment("suzuki.ichiro", "ええなあ。ジャズわからんけど行ってみたい", 1),
            Comment("takahashi.yui", "神戸の秋、素敵ですね", 9),
        ),
    ),
    Entry(
        "yamada.taro",
        40,
        "21:00",
        "涸沢の紅葉",
        paragraphs(
            "山仲間と2泊3日で涸沢へ。新しいカメラのデビュー戦です。",
            "朝、モルゲンロートに染まる穂高と、カールいっぱいの紅葉。言葉が出ませんでした。\n"
            "テント場の夜は藤田さんのワインで乾杯。長谷川さんのガイドのおかげで、最後まで安全に歩けました。",
            "写真はたくさん撮ったので、少しずつ載せます。",
        ),
        audience=Audience.FRIEND_GROUP,
        group="山仲間",
        photos=(("mountains", 2), ("autumn", 3)),
        comments=(
            Comment("hasegawa.ken", "最高の3日間でした。天気にも恵まれましたね", 1),
            Comment("fujita.naoki", "ワイン、担いでいった甲斐がありました", 2),
            Comment("ito.shota", "次は僕も連れてってください！星もきれいなはず", 3),
            Comment("yamada.taro", "伊藤くん、来年はぜひ一緒に。望遠鏡は担げないけど（笑）", 4),
        ),
    ),
    Entry(
        "hashimoto.rin",
        40,
        "01:30",
        "試験までのメモ",
        paragraphs(
            "・午後問題は毎日1問\n・苦手: データベースの正規化、ネットワーク\n・スマホは勉強中リビングに置く",
            "試験まであと3週間。バンドの練習は週1に減らす。",
        ),
        audience=Audience.ONLY_ME,
    ),
    Entry(
        "yamashita.koji",
        38,
        "20:00",
        "熊本城、復旧の記録",
        paragraphs(
            "週末、いつものように熊本城の復旧工事を見に行きました。",
            "石垣の一つひとつに番号をつけて、元の場所に戻していく。気の遠くなる作業ですが、着実に進んでいます。",
            "授業でも生徒たちに話しました。歴史は教科書の中だけじゃない、今も続いているんだと。",
        ),
        audience=Audience.MEMBERS,
        comments=(
            Comment("ogawa.asuka", "歴史の授業みたい！生徒さんが羨ましいです", 2),
            Comment("yamada.taro", "復旧の記録、毎回勉強になります", 4),
        ),
    ),
    Entry(
        "yamaguchi.nana",
        36,
        "21:00",
        "お好み焼きの新しい店",
        paragraphs(
            "事務所の近くに新しいお好み焼き屋さんができました。",
            "そばは生麺を使ってて、パリッと焼けたのがたまらん。オタフクソースたっぷりで。",
        ),
        comments=(
            Comment("ikeda.sho", "広島行ったら絶対行く！", 1),
            Comment("watanabe.misaki", "奈々、今度案内してね", 2),
            Comment("takahashi.yui", "お好み焼き食べたくなってきた…", 3),
        ),
    ),
    Entry(
        "sato.hanako",
        35,
        "23:10",
        "文芸部の同人誌、もう一度作らない？",
        paragraphs(
            "大学の文芸部で作った同人誌を、本棚の奥から見つけました。読み返したら恥ずかしくて、でも楽しかった。",
            "10年ぶりに、またみんなで一冊作りませんか。テーマは「ふるさと」でどうでしょう。",
        ),
        audience=Audience.FRIEND_GROUP,
        group="文芸部",
        comments=(
            Comment("nakajima.tsubasa", "やりたい！ローカル線の話を書きます", 0.5),
            Comment("yamazaki.haruka", "表紙は刺繍で何か作ろうかな", 1),
            Comment("abe.chihiro", "締め切り決めよう（笑）じゃないと書かない自信ある", 1.5),
            Comment("sato.hanako", "じゃあ締め切りは3月末で！", 2),
        ),
    ),
    Entry(
        "hayashi.erika",
        33,
        "22:30",
        "しばらく日記お休みします",
        paragraphs(
            "紅葉シーズンで旅館は毎日満室。ありがたいことです。",
            "女将修行もいよいよ本番で、なかなか書く時間が取れそうにないので、しばらく日記はお休みします。落ち着いたらまた。",
        ),
        comments=(
            Comment("maeda.kaori", "お姉ちゃん、無理せんといてね", 1),
            Comment("fujita.naoki", "落ち着いたらワイン持っていくよ", 2),
            Comment("hayashi.erika", "ありがとう。また書きます！", 3),
        ),
        close_comments=True,
    ),
    Entry(
        "nakajima.tsubasa",
        32,
        "22:00",
        "只見線に乗ってきた",
        paragraphs(
            "会津若松から小出まで、只見線を全線乗ってきました。",
            "第一只見川橋梁を渡るとき、車内がしんと静まりかえって、みんな窓の外を見ていました。\n"
            "川霧と紅葉。乗り鉄冥利につきます。",
        ),
        audience=Audience.FRIENDS_OF_FRIENDS,
        comments=(
            Comment("sato.hanako", "写真見たい！", 1),
            Comment("abe.chihiro", "紅葉の季節ですね〜", 2),
            Comment("yamada.taro", "新潟側の景色も最高でしょう", 3),
        ),
    ),
    Entry(
        "murakami.ai",
        30,
        "22:00",
        "同窓会の幹事をやることになりました",
        paragraphs(
            "高校の同窓会、年末にやることになって、なぜか幹事に。",
            "別府の旅館の宴会場を押さえられそうです。みんな帰ってこれるかな？",
        ),
        audience=Audience.FRIEND_GROUP,
        group="地元の同級生",
        comments=(
            Comment("watanabe.misaki", "ありがとう〜！年末なら帰れるよ", 0.5),
            Comment("ikeda.sho", "しまなみから自転車で行こうかな（笑）", 1),
            Comment("yamaguchi.nana", "案内状のデザインやるよ！", 1.5),
            Comment("murakami.ai", "奈々ちゃん、助かる！", 2),
        ),
    ),
    Entry(
        "hashimoto.rin",
        28,
        "23:30",
        "初ライブでした",
        paragraphs(
            "下北沢のライブハウスで、バンドの初ライブでした。",
            "最初の一音で手が震えたけど、2曲目からは楽しくて、あっという間の30分。\n"
            "来てくれたみんな、ありがとうございました！",
        ),
        comments=(
            Comment("inoue.sakura", "かっこよかった！ベースソロ最高", 0.5),
            Comment("takahashi.yui", "行けなくてごめん、次は絶対行く！", 1),
            Comment("yamada.taro", "お疲れさま！動画見せてね", 9),
        ),
    ),
    Entry(
        "ogawa.asuka",
        26,
        "19:30",
        "桜島の灰が…",
        paragraphs(
            "今日は風向きが最悪で、市内に灰がどっさり。車も洗濯物も真っ白です。",
            "克灰袋を持って歩く季節。鹿児島のみなさん、今日もお疲れさまでした。",
        ),
        comments=(
            Comment("yamashita.koji", "熊本まで飛んできてますよ（笑）", 2),
            Comment("takahashi.yui", "大変…！お疲れさまです", 3),
        ),
    ),
    Entry(
        "kato.mai",
        24,
        "23:00",
        "東京ドームでK-POP",
        paragraphs(
            "推しのグループの東京ドーム公演に行ってきました！",
            "ペンライトの海、ほんとうにきれいだった。明日からまた保育園がんばれます。",
        ),
        comments=(
            Comment("takahashi.yui", "うらやましい！", 1),
            Comment("kobayashi.daisuke", "娘も行きたがってました（笑）", 2),
        ),
    ),
    Entry(
        "yamazaki.haruka",
        22,
        "21:00",
        "読書週間の展示",
        paragraphs(
            "図書館の読書週間の展示を担当しました。テーマは「旅に出たくなる本」。",
            "手づくりの栞を配ったら、子どもたちがたくさん持っていってくれました。",
        ),
        audience=Audience.MEMBERS,
        comments=(
            Comment("sato.hanako", "素敵な展示！出版社の人間としても嬉しい", 1),
            Comment("abe.chihiro", "栞かわいい！見に行きたいな", 3),
        ),
    ),
    Entry(
        "nakamura.aya",
        20,
        "15:00",
        "秋の上生菓子",
        paragraphs(
            "今月の上生菓子ができあがりました。",
            "「初紅葉」「栗きんとん」「山路」の三種類です。\n練り切りの紅葉は、今年は少しだけ色を深くしてみました。",
            "お店のお知らせはこちらに載せています: https://example.jp/nakamura-wagashi/autumn",
        ),
        audience=Audience.MEMBERS,
        photos=(("wagashi", 1),),
        comments=(
            Comment("ishikawa.mio", "観光案内所でもよく聞かれます。お客さんにご紹介しますね", 1),
            Comment("suzuki.ichiro", "きれいすぎて食べられへん…いや食べるけど", 2),
            Comment("takahashi.yui", "京都に行くとき絶対寄ります！", 4),
            Comment("nakamura.aya", "お待ちしてます！", 5),
        ),
    ),
    Entry(
        "kobayashi.daisuke",
        19,
        "21:00",
        "日本酒の利き酒会",
        paragraphs(
            "銀行の仲間と利き酒会へ。10種類を飲み比べて、銘柄を当てるのは2つだけでした。",
            "いちばん気に入ったのは山形の純米吟醸。阿部さんの地元ですね。",
        ),
        comments=(
            Comment("sato.hanako", "千尋に伝えておきます（笑）", 1),
            Comment("yamada.taro", "新潟の酒も飲んでください！", 2),
        ),
    ),
    Entry(
        "okada.yuka",
        18,
        "21:00",
        "水族館のバックヤード",
        paragraphs(
            "今日はバックヤードツアーの案内担当でした。",
            "ラッコのごはんの準備を見てもらうと、みなさん一番いい顔をされます。\n"
            "毎日200匹分の魚を用意しているのは、あまり知られていないかも。",
        ),
        audience=Audience.MEMBERS,
    ),
    Entry(
        "tanaka.kenta",
        17,
        "21:30",
        "秋のお花見計画",
        paragraphs(
            "豊田の小原では、この時期に四季桜が咲いて、紅葉と一緒に見られるらしい。",
            "キャンプ仲間と来週の土曜に行く計画を立てました。弁当は各自、シートは俺が持っていく。\n"
            "秋の花見、初めてなので楽しみです。",
        ),
        comments=(
            Comment("suzuki.ichiro", "桜と紅葉いっぺんに！？ずるい", 1),
            Comment("takahashi.yui", "知らなかった！写真待ってます", 2),
        ),
    ),
    Entry(
        "hasegawa.ken",
        16,
        "20:00",
        "今シーズンの小屋閉め",
        paragraphs(
            "今年も山小屋の小屋閉めが終わりました。",
            "ガイドとしては、みなさんを無事に下山させられたのが何よりです。冬は新そばを打って過ごします。",
        ),
        comments=(
            Comment("yamada.taro", "今年もお世話になりました！", 1),
            Comment("fujita.naoki", "お疲れさまでした。新そば、食べに行きます", 2),
            Comment("ito.shota", "来年こそ連れてってください", 3),
        ),
    ),
    Entry(
        "goto.hiroshi",
        15,
        "20:00",
        "ふじの収穫",
        paragraphs(
            "今週から、ふじの収穫が始まりました。",
            "今年は日照りが続いたぶん、蜜がよく入っています。\n"
            "朝、霜の降りた畑で赤く光るりんごを見ると、一年の苦労を忘れます。",
        ),
        audience=Audience.MEMBERS,
        photos=(("apples", 1),),
        comments=(
            Comment("shimizu.kazuki", "立派！うちの新米と交換しませんか", 2),
            Comment("goto.hiroshi", "いいですね、ぜひ交換しましょう", 3),
        ),
    ),
    Entry(
        "watanabe.misaki",
        14,
        "22:00",
        "大人のピアノ発表会",
        paragraphs(
            "大人のピアノ教室の発表会で、ショパンのノクターンを弾きました。",
            "夜勤の合間に練習してきたので、最後まで弾けただけで満点です。",
        ),
        comments=(
            Comment("yamaguchi.nana", "美咲すごい！動画ないん？", 1),
            Comment("murakami.ai", "かっこいい〜", 2),
            Comment("ikeda.sho", "お疲れさま！", 3),
        ),
    ),
    Entry(
        "abe.chihiro",
        13,
        "20:00",
        "月山に初冠雪",
        paragraphs(
            "畑から見える月山が、今朝うっすら白くなっていました。",
            "来年の春、さくらんぼの花が咲くころまで、山はしばらく冬ごもりです。",
        ),
        audience=Audience.FRIENDS_OF_FRIENDS,
        comments=(
            Comment("yamazaki.haruka", "盛岡も朝は冷えてきたよ", 2),
            Comment("shimizu.kazuki", "福島ももうすぐだな", 3),
        ),
    ),
    Entry(
        "yamada.taro",
        12,
        "12:00",
        "日記機能をリニューアルしました",
        paragraphs(
            "つなぐ運営事務局の山田です。今日から日記が新しくなりました。",
            "・写真を3枚まで載せられるようになりました\n"
            "・コメントに番号がつき、自分のコメントは削除できます\n"
            "・公開範囲に「友人グループ」を選べます",
            "くわしくはお知らせをご覧ください: https://example.jp/tsunagu/news/diary\n"
            "使ってみた感想や不具合は、この日記のコメントか、運営へのメッセージでお知らせください。",
        ),
        audience=Audience.MEMBERS,
        comments=(
            Comment("takahashi.yui", "開発チーム一同、がんばりました！", 0.5),
            Comment("sato.hanako", "写真が3枚載せられるの嬉しいです", 2),
            Comment("shimizu.kazuki", "さっそく使ってみます", 5),
        ),
    ),
    Entry(
        "fujita.naoki",
        11,
        "19:00",
        "甲州の新酒ができました",
        paragraphs(
            "今年の甲州の新酒ができあがりました。",
            "夏の暑さで心配したけど、酸がきれいに残って、すっきりした辛口に仕上がっています。\n"
            "ワイナリーのショップで試飲もできます。",
            "くわしくはこちら: https://example.jp/winery/shinshu-2026",
        ),
        audience=Audience.MEMBERS,
        comments=(
            Comment("hayashi.erika", "旅館でも出したいです！", 1),
            Comment("maeda.kaori", "直樹くん、おめでとう。お正月に飲もうね", 2),
            Comment("yamada.taro", "今年も買います！", 3),
            Comment("hasegawa.ken", "小屋閉めのあとに飲みに行きます", 4),
        ),
    ),
    Entry(
        "tanaka.kenta",
        10,
        "21:30",
        "小原の四季桜で、秋のお花見",
        paragraphs(
            "先週の計画どおり、小原の四季桜を見てきました。",
            "薄いピンクの桜と、真っ赤なもみじが同じ景色にあるのが不思議で、ずっと見上げていました。\n"
            "弁当を広げて、秋の花見。来年もまた来ます。",
        ),
        photos=(("sakura", 1), ("autumn", 4)),
        comments=(
            Comment("takahashi.yui", "ほんとうに桜と紅葉！来年は行きたい", 1),
            Comment("suzuki.ichiro", "ええなあ、来年は俺も誘って", 2),
            Comment("tanaka.kenta", "ぜひ！みんなで行きましょう", 3),
        ),
    ),
    Entry(
        "ishikawa.mio",
        9,
        "19:00",
        "紅葉の穴場、こっそり教えます",
        paragraphs(
            "観光案内所にいると、「人の少ない紅葉の名所は？」と毎日のように聞かれます。",
            "有名なお寺はどこも朝から行列。でも、少し足をのばすと静かな場所がまだあります。\n"
            "たとえば大原の奥のお寺や、鷹峯のあたり。朝8時台が狙い目です。",
            "地図にまとめたので、よかったら使ってください: https://example.jp/kyoto/momiji-map",
            "写真は今朝、出勤前に撮ったものです。",
        ),
        audience=Audience.MEMBERS,
        photos=(("autumn", 1), ("autumn", 2), ("autumn", 5)),
        comments=(
            Comment("nakamura.aya", "うちのお店の近くも入れてくれてありがとう！", 1),
            Comment("takahashi.yui", "保存しました！来週行きます", 2),
            Comment("yamada.taro", "写真がきれい。光の入り方が最高ですね", 3),
            Comment("ishikawa.mio", "ありがとうございます！朝の光がいちばんです", 4),
        ),
    ),
    Entry(
        "inoue.sakura",
        8,
        "20:00",
        "長野でりんご狩り",
        paragraphs(
            "連休で長野に帰省して、家族でりんご狩りに行きました。",
            "「シナノゴールド」と「ふじ」を食べ比べ。やっぱり地元のりんごがいちばんです。",
        ),
        photos=(("apples", 2),),
        comments=(
            Comment("hashimoto.rin", "おいしそう！お土産待ってます（笑）", 1),
            Comment("inoue.sakura", "月曜に持っていくね", 2),
        ),
    ),
    Entry(
        "maeda.kaori",
        7,
        "20:30",
        "氷見の寒ブリ",
        paragraphs(
            "ひみ寒ぶり宣言が出ました！この季節を待っていました。",
            "仕事帰りに市場の近くのお寿司屋さんへ。脂ののったブリのお刺身、しあわせ。",
        ),
        audience=Audience.FRIENDS_OF_FRIENDS,
        comments=(
            Comment("hayashi.erika", "帰ったら絶対食べる！", 1),
            Comment("takahashi.yui", "富山行きたい…", 2),
            Comment("fujita.naoki", "正月は富山で寿司だな", 3),
        ),
    ),
    Entry(
        "sato.hanako",
        6,
        "22:00",
        "担当した本が出ます",
        paragraphs(
            "編集を担当した本が、来週書店に並びます。",
            "東北の小さな町で暮らすおばあさんが、孫に宛てて書いた手紙をまとめたエッセイです。\n"
            "原稿を初めて読んだ日、電車の中で泣いてしまいました。",
            "書誌情報はこちら: https://example.jp/books/aki-no-tegami\n本屋さんで見かけたら、手に取ってみてください。",
        ),
        audience=Audience.MEMBERS,
        comments=(
            Comment("abe.chihiro", "おめでとう！絶対買うね", 0.5),
            Comment("yamazaki.haruka", "図書館にも入れます！", 1),
            Comment("nakajima.tsubasa", "発売日に買いに行きます", 2),
            Comment("kobayashi.daisuke", "おめでとうございます", 3),
            Comment("sato.hanako", "みんなありがとう…！", 4),
        ),
    ),
    Entry(
        "ito.shota",
        5,
        "02:40",
        "しし座流星群",
        paragraphs(
            "しし座流星群を見に、郊外の丘まで行ってきました。気温はマイナス2度。",
            "1時間で20個くらい見えました。大きいのが一つ、長い尾を引いて流れていったときは思わず声が出ました。",
            "カイロ5個でもまだ寒い。でも来てよかった。",
        ),
        audience=Audience.FRIENDS_OF_FRIENDS,
        photos=(("starry_sky", 1),),
        comments=(
            Comment("hasegawa.ken", "寒い中お疲れさま！北アルプスからも少し見えました", 5),
            Comment("takahashi.yui", "すごい！願いごとできた？", 6),
            Comment("ito.shota", "3回唱える前に消えました（笑）", 7),
        ),
    ),
    Entry(
        "mori.shun",
        4,
        "18:00",
        "岡山マラソン完走",
        paragraphs(
            "岡山マラソン、完走しました！タイムは3時間58分。目標のサブ4達成です。",
            "沿道の応援と、給水所の桃のゼリーに助けられました。",
        ),
        audience=Audience.MEMBERS,
        comments=(
            Comment("kimura.yuto", "おめでとう！次は静岡マラソン一緒に走ろう", 2),
            Comment("mori.shun", "いいね、お茶の給水所あるかな（笑）", 3),
        ),
    ),
    Entry(
        "hashimoto.rin",
        3,
        "21:00",
        "基本情報、合格しました！",
        paragraphs(
            "基本情報技術者試験、合格しました！",
            "勉強を始めたころは、午後問題が一問も解けなかったのに。\n"
            "教えてくれた事務局のみなさん、図書館で付き合ってくれたさくらさん、ありがとうございました。",
            "次は応用情報……かな。",
        ),
        comments=(
            Comment("yamada.taro", "おめでとう！！", 0.3),
            Comment("takahashi.yui", "すごい！お祝いしよう", 0.5),
            Comment("inoue.sakura", "やったね〜！", 1),
            Comment("hashimoto.rin", "ありがとうございます！お祝いはラーメンがいいです", 1.5),
        ),
    ),
    Entry(
        "murakami.ai",
        2,
        "21:00",
        "湯けむりと朝ヨガ",
        paragraphs(
            "旅館のお客さま向けに、朝ヨガの教室を始めました。",
            "湯けむりを眺めながら深呼吸すると、体の芯から目が覚めます。",
        ),
        audience=Audience.FRIENDS_OF_FRIENDS,
        comments=(
            Comment("takahashi.yui", "朝ヨガ仲間！参加したい", 1),
            Comment("yoshida.takumi", "温泉とヨガ、最高の組み合わせですね", 2),
        ),
    ),
    Entry(
        "yoshida.takumi",
        1,
        "20:00",
        "三線教室はじめました",
        paragraphs(
            "ダイビングのお客さんが少ない冬のあいだ、三線教室を開くことにしました。",
            "第1回は「安里屋ユンタ」。観光のお客さんも、地元の子どもたちも大歓迎です。",
        ),
        comments=(Comment("murakami.ai", "いいなあ、習いたい！", 2),),
    ),
]
