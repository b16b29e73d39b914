namespace Alerts.Core.Watchlists;

/// <summary>
/// Normalises company and person names for matching: Unicode compatibility forms, case, accents, punctuation, legal-form
/// words in several languages (Co., Ltd., Inc., Corp., GmbH, AG, LLC, S.A., B.V., OOO, A.S., 有限公司, 股份有限公司, 集团,
/// 株式会社, ...), ordinals ("13th" is "13"), and "&amp;" as "and".
/// </summary>
public static partial class NameNormalizer
{
    /// <summary>Weight of a common word (industry, place, "international").</summary>
    public const double CommonWeight = 0.2;

    /// <summary>Weight of a number (a research institute's or a subsidiary's number tells companies of one group apart).</summary>
    public const double NumberWeight = 1.5;

    /// <summary>Legal-form and filler words removed from the Latin tokens.</summary>
    public static readonly IReadOnlySet<string> LegalForms = new HashSet<string>(StringComparer.Ordinal)
    {
        "co", "company", "companies", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc", "plc", "llp", "lp",
        "gmbh", "mbh", "ag", "kg", "ohg", "ug", "sa", "sas", "sarl", "srl", "spa", "sl", "slu", "bv", "nv", "oy", "oyj", "ab", "as", "asa", "aps",
        "kk", "pte", "pvt", "pty", "private", "public", "jsc", "ojsc", "cjsc", "pjsc", "ooo", "zao", "oao", "pao", "ao", "tov", "fze", "fzco", "fzc", "fzllc",
        "sdn", "bhd", "tbk", "pt", "ltda", "limitada", "cia", "sanayi", "ticaret", "ve", "liability", "joint", "stock", "kabushiki", "kaisha", "gk",
        "obshchestvo", "ogranichennoy", "otvetstvennostyu", "aktsionernoe", "otkrytoe", "zakrytoe", "publichnoe", "est", "establishment",
        "aktiengesellschaft", "gesellschaft", "kommanditgesellschaft", "pkk", "npp", "npo", "npk", "fgup", "group", "holding", "holdings",
        "the", "and", "of", "for", "und", "de", "del", "la", "le", "et", "y", "e", "a", "an",
    };

    /// <summary>Places that company names carry (common words too): two names that each carry a different one are told apart.</summary>
    public static readonly IReadOnlySet<string> Places = new HashSet<string>(StringComparer.Ordinal)
    {
        "china", "chinese", "hong", "kong", "hk", "beijing", "shanghai", "shenzhen", "guangzhou", "tianjin", "wuhan", "hangzhou", "nanjing", "chengdu",
        "xian", "suzhou", "hefei", "changsha", "chongqing", "dongguan", "xiamen", "qingdao", "jiangsu", "zhejiang", "guangdong", "sichuan", "hubei",
        "wuxi", "shenyang", "harbin", "dalian", "jinan", "zhengzhou", "ningbo", "fuzhou", "kunming", "changchun", "taiyuan", "shijiazhuang", "hebei",
        "fujian", "hunan", "henan", "shandong", "shanxi", "shaanxi", "anhui", "jiangxi", "liaoning", "jilin", "heilongjiang", "yunnan", "guangxi",
        "russia", "russian", "moscow", "iran", "iranian", "tehran", "pakistan", "uae", "dubai", "singapore", "taiwan", "korea", "japan", "america", "american", "usa", "europe",
    };

    /// <summary>Words that many unrelated names share: they count, but little.</summary>
    public static readonly IReadOnlySet<string> CommonWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "technology", "technologies", "tech", "electronics", "electronic", "electric", "electrical", "semiconductor", "semiconductors", "microelectronics",
        "industrial", "industry", "industries", "international", "intl", "global", "trading", "trade", "import", "export", "imp", "exp", "science", "sciences",
        "scientific", "engineering", "systems", "system", "equipment", "materials", "material", "research", "institute", "university", "academy",
        "development", "manufacturing", "components", "machinery", "precision", "devices", "device", "digital", "information", "communication",
        "communications", "network", "networks", "software", "investment", "services", "service", "solutions", "products",
        "instruments", "optical", "optics", "photonics", "power", "energy", "enterprise", "enterprises", "center", "centre", "laboratory", "lab", "labs",
        "national", "state", "new", "general", "integrated", "circuit", "circuits", "chip", "chips", "computer", "computing", "intelligent", "intelligence",
        "smart", "aerospace", "aviation", "defense", "defence", "logistics", "shipping", "supply", "branch", "office", "factory", "works", "plant",
        "european", "asia", "pacific", "middle", "east", "far", "north", "south", "west", "sino", "sinotech",
    }.Union(Places).ToHashSet(StringComparer.Ordinal);

    /// <summary>Legal-form suffixes in Chinese and Japanese, longest first.</summary>
    private static readonly string[] CjkLegal =
    [
        "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "株式会社", "有限会社", "合同会社", "股份公司", "集团公司", "集團公司", "集团", "集團",
        "公司", "控股", "（", "）", "(", ")",
    ];

    /// <summary>Common Chinese words (industry, place): dropped for the distinctive part.</summary>
    private static readonly string[] CjkCommon =
    [
        "半导体", "半導體", "研究所", "研究院", "进出口", "進出口", "科技", "技术", "技術", "电子", "電子", "信息", "資訊", "通信", "网络", "網絡", "智能",
        "工业", "工業", "实业", "實業", "贸易", "貿易", "国际", "國際", "投资", "投資", "发展", "發展", "大学", "大學", "中国", "中國", "设备", "設備",
        "北京", "上海", "深圳", "广州", "廣州", "天津", "武汉", "武漢", "杭州", "南京", "成都", "西安", "苏州", "蘇州", "香港", "合肥", "长沙", "重庆",
        "数字", "數字", "有限", "市", "省", "区",
    ];

    private static readonly Dictionary<char, string> PinyinTable = BuildPinyin();

    /// <summary>Normalises one name.</summary>
    public static NormalizedName Normalize(string name)
    {
        var text = (name ?? "").Normalize(NormalizationForm.FormKC);
        var cjk = new StringBuilder();
        var latin = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsCjk(c))
            {
                cjk.Append(c);
                latin.Append(' ');
            }
            else
            {
                latin.Append(c);
            }
        }

        var folded = FoldAccents(latin.ToString()).ToLowerInvariant().Replace("&", " and ", StringComparison.Ordinal);
        folded = Initialism().Replace(folded, m => m.Value.Replace(".", "", StringComparison.Ordinal) + " ");
        folded = Apostrophe().Replace(folded, "");
        folded = NonWord().Replace(folded, " ");
        var all = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Ordinal).ToList();
        var core = all.Where(t => !LegalForms.Contains(t)).ToList();
        if (core.Count == 0)
        {
            core = all;
        }

        var cjkText = cjk.ToString();
        var cjkCore = cjkText;
        foreach (var legal in CjkLegal)
        {
            cjkCore = cjkCore.Replace(legal, "", StringComparison.Ordinal);
        }

        // Only legal-form characters ("有限公司" after a Latin name): nothing to compare in characters. A name made only of
        // them keeps them.
        if (cjkCore.Length == 0 && core.Count == 0)
        {
            cjkCore = cjkText;
        }

        var distinct = cjkCore;
        foreach (var common in CjkCommon)
        {
            distinct = distinct.Replace(common, "", StringComparison.Ordinal);
        }

        if (distinct.Length == 0)
        {
            distinct = cjkCore;
        }

        string? pinyin = null;
        if (distinct.Length > 0 && distinct.All(PinyinTable.ContainsKey))
        {
            pinyin = string.Concat(distinct.Select(c => PinyinTable[c]));
        }

        var weights = core.Select(WeightOf).ToList();
        return new NormalizedName(name ?? "", core, weights, cjkCore, distinct, pinyin, Acronyms(all, core));
    }

    /// <summary>How much a token counts: 1 for a distinctive word, <see cref="CommonWeight"/> for a common one, more for a number.</summary>
    public static double WeightOf(string token) =>
        token.Any(char.IsAsciiDigit) ? NumberWeight
        : CommonWords.Contains(token) ? CommonWeight
        : token.Length <= 2 ? 0.5
        : 1.0;

    public static bool IsCjk(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u3040' and <= '\u30FF') or (>= '\uF900' and <= '\uFAFF');

    /// <summary>Removes accents and folds letters that do not decompose (ß, ø, æ, ł, đ, ı).</summary>
    public static string FoldAccents(string text)
    {
        var d = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var c in d)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark:
                    continue;
            }

            sb.Append(c switch
            {
                'ß' => "ss",
                'ø' or 'Ø' => "o",
                'æ' => "ae",
                'Æ' => "AE",
                'œ' => "oe",
                'Œ' => "OE",
                'ł' or 'Ł' => "l",
                'đ' or 'Đ' => "d",
                'ı' => "i",
                'þ' => "th",
                _ => c.ToString(),
            });
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private static string Ordinal(string token)
    {
        var m = OrdinalPattern().Match(token);
        return m.Success ? m.Groups[1].Value : token;
    }

    private static List<string> Acronyms(List<string> all, List<string> core)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        void Add(IEnumerable<string> tokens)
        {
            var list = tokens.Where(t => t.Length > 0 && !t.Any(char.IsAsciiDigit)).ToList();
            if (list.Count >= 2)
            {
                set.Add(string.Concat(list.Select(t => t[0])));
            }
        }

        string[] fillers = ["the", "and", "of", "for"];
        Add(all.Where(t => !fillers.Contains(t)));
        Add(core);
        Add(core.Where(t => t != "group"));
        Add(all.Where(t => !fillers.Contains(t) && t != "group"));

        // "Yangtze Memory Technologies Co., Ltd." is YMTC: the initials up to the first of the trailing legal forms.
        var trimmed = all.Where(t => !fillers.Contains(t)).ToList();
        while (trimmed.Count > 2 && LegalForms.Contains(trimmed[^1]))
        {
            trimmed.RemoveAt(trimmed.Count - 1);
            Add(trimmed);
        }

        // "Semiconductor Manufacturing International" is SMIC (its Corporation dropped).
        if (core.Count >= 2)
        {
            set.Add(string.Concat(core.Where(t => !t.Any(char.IsAsciiDigit)).Select(t => t[0])) + "c");
        }

        return [.. set];
    }

    private static Dictionary<char, string> BuildPinyin()
    {
        // Characters frequent in company names (simplified and traditional): enough to read a distinctive name part in
        // pinyin. A name with a character outside the table has no pinyin form and is compared in characters only.
        const string Table =
            "华hua 華hua 为wei 為wei 中zhong 兴xing 興xing 海hai 康kang 威wei 视shi 視shi 大da 疆jiang 商shang 汤tang 湯tang 旷kuang 曠kuang " +
            "云yun 雲yun 从cong 從cong 依yi 图tu 圖tu 科ke 讯xun 訊xun 飞fei 飛fei 浪lang 潮chao 曙shu 光guang 天tian 河he 芯xin 源yuan 微wei 电dian 電dian " +
            "子zi 晶jing 圆yuan 圓yuan 集ji 成cheng 长chang 長chang 江jiang 存cun 储chu 儲chu 紫zi 展zhan 锐rui 銳rui 龙long 龍long 芯xin 申shen 威wei " +
            "和he 达da 達da 安an 恒heng 通tong 信xin 联lian 聯lian 想xiang 小xiao 米mi 京jing 东dong 東dong 方fang 北bei 南nan 西xi 新xin 星xing " +
            "宇yu 航hang 空kong 国guo 國guo 际ji 際ji 华hua 润run 潤run 美mei 的de 金jin 山shan 石shi 油you 化hua 工gong 建jian 设she 設she " +
            "盛sheng 宏hong 鸿hong 鴻hong 富fu 士shi 康kang 比bi 亚ya 亞ya 迪di 宁ning 寧ning 德de 时shi 時shi 代dai 百bai 度du 阿a 里li 巴ba " +
            "腾teng 騰teng 讯xun 网wang 網wang 易yi 搜sou 狐hu 新xin 浪lang 联lian 合he 创chuang 創chuang 维wei 維wei 格ge 力li 万wan 萬wan 向xiang " +
            "振zhen 瑞rui 祥xiang 泰tai 丰feng 豐feng 利li 隆long 昌chang 明ming 智zhi 慧hui 能neng 源yuan 清qing 数shu 數shu 据ju 據ju " +
            "锦jin 錦jin 鑫xin 鹏peng 鵬peng 博bo 远yuan 遠yuan 志zhi 强qiang 強qiang 力li 精jing 密mi 仪yi 儀yi 器qi 光guang 学xue 學xue " +
            "航hang 天tian 动dong 動dong 机ji 機ji 械xie 车che 車che 船chuan 舶bo 兵bing 器qi 核he 物wu 理li 所suo 院yuan 研yan 究jiu " +
            "一yi 二er 三san 四si 五wu 六liu 七qi 八ba 九jiu 十shi 百bai 千qian 亿yi 億yi 高gao 端duan 瓷ci 陶tao 铁tie 鐵tie 钢gang 鋼gang " +
            "汉han 漢han 唐tang 宋song 元yuan 清qing 红hong 紅hong 黄huang 黃huang 绿lv 綠lv 蓝lan 藍lan 白bai 黑hei 紫zi 青qing 银yin 銀yin " +
            "环huan 環huan 球qiu 宝bao 寶bao 瀚han 澜lan 瀾lan 洋yang 湖hu 峰feng 岭ling 嶺ling 林lin 森sen 木mu 火huo 土tu 水shui 风feng 風feng " +
            "景jing 辉hui 輝hui 耀yao 芯xin 片pian 路lu 基ji 础chu 礎chu 半ban 导dao 導dao 体ti 體ti 技ji 术shu 術shu 电dian 子zi 有you 限xian " +
            "公gong 司si 股gu 份fen 责ze 任ren 贸mao 易yi 进jin 出chu 口kou 深shen 圳zhen 上shang 广guang 廣guang 州zhou 武wu 杭hang 苏su 蘇su " +
            "重chong 庆qing 慶qing 成cheng 都du 合he 肥fei 沙sha 津jin 香xiang 港gang 台tai 湾wan 灣wan 省sheng 市shi 区qu 區qu 县xian 縣xian " +
            "奇qi 虎hu 迈mai 邁mai 瑞rui 寒han 武wu 纪ji 紀ji 地di 平ping 线xian 線xian 摩mo 尔er 爾er 壁bi 仞ren 燧sui 原yuan 沐mu 曦xi " +
            "昆kun 仑lun 崙lun 鲲kun 鯤kun 鹏peng 飞fei 腾teng 海hai 思si 盟meng 捷jie 朗lang 讯xun 烽feng 火huo 紫zi 光guang 展zhan 锐rui";
        var map = new Dictionary<char, string>();
        foreach (var pair in Table.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            map.TryAdd(pair[0], pair[1..]);
        }

        return map;
    }

    [GeneratedRegex(@"\b(?:\p{L}\.){2,}(?!\p{L})", RegexOptions.CultureInvariant)]
    private static partial Regex Initialism();

    [GeneratedRegex(@"['’`´]", RegexOptions.CultureInvariant)]
    private static partial Regex Apostrophe();

    [GeneratedRegex(@"[^\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex NonWord();

    [GeneratedRegex(@"^(\d+)(?:st|nd|rd|th)$", RegexOptions.CultureInvariant)]
    private static partial Regex OrdinalPattern();
}
