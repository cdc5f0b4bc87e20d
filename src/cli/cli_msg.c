/* cli_msg: the message catalog: which language the tool talks in, and every
 * message it has in both languages, in one place. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static bool chinese_messages;

/* "zh", "zh_CN.UTF-8", "zh-TW": Chinese; "en", "en_US.UTF-8": English;
 * anything else (C, POSIX, unset) says nothing.  Returns 1, 0 or -1. */
static int lang_of(const char *v)
{
    if (!v || !*v)
        return -1;
    if (strncmp(v, "zh", 2) == 0)
        return 1;
    if (strncmp(v, "en", 2) == 0)
        return 0;
    return -1;
}

void cli_messages_init(int argc, char **argv)
{
    int lang = -1;
    for (int i = 1; i < argc && lang < 0; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            lang = lang_of(argv[i + 1]);
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            lang = lang_of(argv[i] + 7);
    }
    if (lang < 0)
        lang = lang_of(getenv("RELOCFUND_LANG"));
    if (lang < 0)
        lang = lang_of(getenv("LANG"));
    /* Without a word on the language, messages stay in English for logs and
     * scripts (reports are Chinese by default either way). */
    chinese_messages = lang == 1;
}

bool cli_messages_chinese(void)
{
    return chinese_messages;
}

const char *cli_msg(cli_msg_id id)
{
    static const char *const TEXT[CLI_MSG_COUNT][2] = {
        [CLI_MSG_UNKNOWN_COMMAND] = {"unknown command '%s'", "未知命令“%s”"},
        [CLI_MSG_UNKNOWN_OPTION] = {"%s: unknown option '%s'", "%s：未知选项“%s”"},
        [CLI_MSG_NEEDS_VALUE] = {"%s: option '%s' needs a value", "%s：选项“%s”需要一个值"},
        [CLI_MSG_DID_YOU_MEAN] = {"; did you mean '%s'?", "；是否想输入“%s”？"},
        [CLI_MSG_COMMANDS_HINT] = {" ('relocfund --help' lists the commands)",
                                   "（“relocfund --help”列出全部命令）"},
        [CLI_MSG_OPTIONS_HINT] = {" ('relocfund %s --help' lists its options)",
                                  "（“relocfund %s --help”列出它的选项）"},
        [CLI_MSG_VALIDATE_FAILED] = {"%s: %zu error%s, %zu warning%s\n",
                                     "%s：%zu 个错误%.0s，%zu 个警告%.0s\n"},
        [CLI_MSG_VALIDATE_OK] = {"%s: ok (%zu warning%s)\n", "%s：有效（%zu 个警告%.0s）\n"},
        [CLI_MSG_MORE_WARNINGS] = {"%s: %zu %swarning%s; 'relocfund validate %s' lists them",
                                   "%s：%zu 个%.0s警告%.0s；“relocfund validate %s”列出它们"},
        [CLI_MSG_STRICT_STOPPED] = {"--strict: stopped at the first malformed row",
                                    "--strict：在第一条格式错误的行处停止"},
        [CLI_MSG_MORE_BAD_ROWS] = {"%s: %lld more malformed rows not shown (--max-errors 0 shows "
                                   "all)",
                                   "%s：另有 %lld 条格式错误的行未列出（--max-errors 0 列出全部）"},
        [CLI_MSG_COUNTY_WARNINGS] = {"%zu count%s had warnings; 'relocfund validate FILE' lists "
                                     "them",
                                     "%zu 个县%.0s有警告；“relocfund validate FILE”列出它们"},
    };
    return (unsigned)id < CLI_MSG_COUNT ? TEXT[id][chinese_messages] : "";
}

/* ---- help in Chinese (the English help is beside each command) ---- */

#define ZH_OUTPUT                                                                                  \
    "  -o, --output FILE  写入 FILE（原子写入），而不是标准输出；未给 --format 时，\n"             \
    "                     由扩展名（.txt .json .csv .md .html .xlsx）决定格式\n"
#define ZH_FORMAT "  --format FMT       text（默认）、json、csv、md、html 或 xlsx\n"
#define ZH_LANG "  --lang zh|en       报告与提示用中文（默认）或英文\n"
#define ZH_UNIT                                                                                    \
    "  --unit wan|yuan    金额以万元（默认，精确到元）或元表示\n"                                  \
    "  --exact            万元精确到分（六位小数）\n"
#define ZH_SET "  --set PATH=VALUE   先修改情景中的一个值（以 policy. 开头则修改政策模型）\n"
#define ZH_TIME "  --time-limit SEC   每次单纯形求解的时间上限（默认：政策模型所定）\n"
#define ZH_HELP "  -h, --help         显示本帮助\n\n"
#define ZH_EXIT                                                                                    \
    "退出码：0 资金平衡且符合政策，1 存在资金缺口或违规，2 用法或输入错误，\n"                    \
    "3 求解失败，4 无法写出输出。\n"

static const struct {
    const char *command;
    const char *text;
} HELP_ZH[] = {
    {NULL, /* the tool itself */
     "用法：relocfund 命令 [选项] 参数...\n\n"
     "规划并核对易地扶贫搬迁项目的资金。\n\n"
     "命令：\n"
     "  solve        求解一个情景：资金安排、流向、合规与进度指标\n"
     "  validate     检查情景与政策文件：列出每个错误和警告\n"
     "  whatif       在变更（--set）或取值范围（--sweep）下重新求解，前后对比\n"
     "  sensitivity  影子价格与范围，用财务人员读得懂的话说明\n"
     "  reverse      倒算：各安置点为守住自筹上限所需的资金；临界值\n"
     "  compare      两个情景或已保存的结果并排对比，差异标出\n"
     "  audit        按政策核对农户花名册（CSV）：列出每一项违规\n"
     "  batch        一次求解多个县（文件、文件夹或省级文件），并汇总\n"
     "  export       导出线性规划（MPS 或 CPLEX LP，每个目标层都有说明）供其他求解器使用\n"
     "  template     写出空白情景工作簿（XLSX），在 Excel 或 WPS 中填写\n"
     "  convert      情景在 JSON 与 XLSX 工作簿之间双向转换\n"
     "  serve        本机规划页面：数字一动即重新求解；另有供脚本调用的 API\n"
     "  version      显示版本\n\n"
     "运行“relocfund 命令 --help”查看该命令的选项。\n"
     "全局选项 --lang zh|en 选择提示语言（其次依次看 RELOCFUND_LANG、LANG）。\n\n"
     "退出码：\n"
     "  0  资金平衡且符合政策（或：文件有效）\n"
     "  1  已求解，但存在资金缺口或违规\n"
     "  2  用法或输入错误\n"
     "  3  求解失败或内部错误\n"
     "  4  无法写出输出\n"},
    {"solve",
     "用法：relocfund solve [选项] 情景文件\n\n"
     "求解情景的资金平衡方案，说明每一元钱的去向。\n\n"
     "选项：\n"
     "  --format FMT       text（默认）、json、md、csv、html 或 xlsx（需 -o）；\n"
     "                     见 docs/report-formats.md\n" ZH_OUTPUT ZH_LANG ZH_UNIT
     "  --excel            CSV：以 UTF-8 字节顺序标记开头，便于 Excel 打开\n" ZH_SET ZH_TIME
     "  --verbose          在标准错误上显示 GLPK 的求解过程，最后一行为\n"
     "                     “relocfund: timing:”（读取、建模、各层、取整、报告用时）\n" ZH_HELP
         ZH_EXIT},
    {"validate",
     "用法：relocfund validate [--set PATH=VALUE]... 文件...\n\n"
     "读取每个情景文件（含 extends、includes 与政策模型）、政策模型文件或省级文件\n"
     "（含其列出的每个县及资金池），以“文件:行:列: JSON路径: 说明”的形式报告每个\n"
     "错误和警告（各一次），最后每个文件一行小结。\n\n"
     "选项：\n"
     "  --set PATH=VALUE  检查前修改情景中的一个值（可重复）；以 policy. 开头则修改\n"
     "                    政策模型；PATH 指向不存在的成员时报错\n"
     "  -h, --help        显示本帮助\n\n"
     "退出码：没有文件出错时为 0（允许有警告），否则为 2。\n"},
    {"whatif",
     "用法：relocfund whatif [选项] 情景文件 --set PATH=VALUE...\n"
     "      relocfund whatif [选项] 情景文件 [--set PATH=VALUE...] --sweep PATH=起:止:步长\n\n"
     "在变更下重新求解，并与基准方案并排显示；或让一个值在范围内变化（每个取值都在\n"
     "同一个活动问题中重新求解），列出主要指标，并标出方案状态改变之处。\n\n"
     "选项：\n"
     "  --set PATH=VALUE   修改情景中的一个值（以 policy. 开头则修改政策模型）；可重复\n"
     "  --sweep SPEC       PATH=起:止:步长，例如 sites[0].costs.housing_per_m2=1000:2000:10\n"
     "  --chart FILE.svg   与 --sweep 同用：另写一张 SVG 折线图\n"
     "  --cold             与 --sweep 同用：每个取值都从头求解（用于对比）\n"
     "  --format FMT       text（默认）、json、csv、md、html、xlsx，或与 --sweep 同用的 svg\n" ZH_OUTPUT
         ZH_LANG ZH_UNIT ZH_TIME
     "  --verbose          在标准错误上显示 GLPK 的求解过程和扫描用时\n" ZH_HELP
     "退出码：0 变更后的方案（扫描的每个取值）资金平衡且符合政策，1 存在资金缺口或违规，\n"
     "2 用法或输入错误，3 求解失败，4 无法写出输出。\n"},
    {"sensitivity",
     "用法：relocfund sensitivity [选项] 情景文件\n\n"
     "根据每个目标层的最优基：到位资金、整合涉农资金预算、自筹上限和住房单价每变化\n"
     "一个单位，方案的各项数字如何变化，这些变化率在什么范围内成立，以及每个起约束作用\n"
     "的约束的影子价格；用句子和表格说明。\n\n"
     "选项：\n" ZH_SET ZH_FORMAT ZH_OUTPUT ZH_LANG ZH_UNIT ZH_TIME ZH_HELP
     "退出码：0 方案资金平衡且符合政策，1 不是，2 用法或输入错误，3 求解失败，\n"
     "4 无法写出输出。\n"},
    {"reverse",
     "用法：relocfund reverse [选项] 情景文件\n\n"
     "倒算：从自筹上限倒推，每个安置点需要追加多少资金，才能使每户建档立卡户都不超过\n"
     "上限、方案资金平衡；政策允许哪些来源支付；对每个这样的来源，求出单靠它使方案\n"
     "平衡的最少到位额（精确到分，在重新求解上二分查找）。\n\n"
     "选项：\n"
     "  --break-even PATH=LO:HI[:UNIT]\n"
     "                     另求 PATH 在 LO 与 HI 之间（精确到 UNIT，默认 0.01）使方案\n"
     "                     不再平衡或不再合规的临界值\n" ZH_SET ZH_FORMAT ZH_OUTPUT ZH_LANG ZH_UNIT
         ZH_TIME ZH_HELP
     "退出码：0 方案资金平衡且符合政策，1 需要追加资金，2 用法或输入错误，3 求解失败，\n"
     "4 无法写出输出。\n"},
    {"compare",
     "用法：relocfund compare [选项] A B\n\n"
     "把两个方案并排显示，标出每一处差异。A 和 B 各是一个情景文件（在此求解），\n"
     "或用“relocfund solve --format json”保存的结果。\n\n"
     "选项：\n" ZH_FORMAT ZH_OUTPUT ZH_LANG ZH_UNIT ZH_TIME ZH_HELP
     "退出码：0 两者各项对比数字一致，1 有差异，2 用法或输入错误，3 求解失败，\n"
     "4 无法写出输出。\n"},
    {"audit",
     "用法：relocfund audit [选项] 花名册.csv --scenario 情景文件\n\n"
     "按情景的政策与安置点核对花名册（CSV，见 docs/roster-format.md）中的每一户，\n"
     "列出每一项违规。\n\n"
     "选项：\n"
     "  --scenario FILE    情景文件（其政策与安置点）；必填\n"
     "  --as-of DATE       核查日期 YYYY-MM-DD，用于判断拆旧期限（默认：今天）\n"
     "  --strict           遇到第一条格式错误的行即停止（退出码 2）\n"
     "  --max-errors N     在标准错误上最多列出 N 条格式错误的行（默认 100；0：全部）；\n"
     "                     全部计数\n"
     "  --format FMT       text（默认）、json、csv、md、html 或 xlsx（xlsx 需 -o）\n" ZH_OUTPUT
         ZH_LANG
     "  --unit yuan        金额按户计，总以元表示\n"
     "  --excel            CSV 以 UTF-8 字节顺序标记开头，便于 Excel 打开\n" ZH_HELP
     "退出码：0 无违规，1 发现违规或跳过了格式错误的行，2 用法或输入错误（--strict：\n"
     "第一条格式错误的行），3 内部错误，4 无法写出输出。\n"},
    {"batch",
     "用法：relocfund batch [选项] 情景文件... | 文件夹... | 省级文件.json\n\n"
     "并行地一次求解多个县，并汇总：按来源合计，每县一行，有问题的县在前。文件夹\n"
     "给出其中的 *.json 情景（按名称排序）；省级文件（relocfund-province/1，见\n"
     "docs/batch.md）列出它的县。无论 -j 是多少，输出都逐字节相同。\n\n"
     "选项：\n"
     "  -j, --jobs N       工作线程数（默认：在线处理器数）\n" ZH_FORMAT ZH_OUTPUT
     "  --plans DIR        另把每个县的方案以 JSON 写入 DIR/<id>.json\n" ZH_LANG ZH_UNIT
     "  --excel            CSV：以 UTF-8 字节顺序标记开头，便于 Excel 打开\n" ZH_TIME
     "  --no-progress      不显示进度条（只在终端上、1 秒后显示）\n" ZH_HELP
     "退出码：0 每个县都资金平衡且符合政策，1 有县存在资金缺口或违规，2 用法或输入错误\n"
     "（任一县），3 求解失败，4 无法写出输出。\n"},
    {"export",
     "用法：relocfund export [选项] 情景文件... | 文件夹 | 省级文件.json\n"
     "                       (--mps FILE | --lp FILE | --gmpl-data FILE)\n\n"
     "写出 relocfund 求解的线性规划，供其他求解器使用。一个情景、一个预算组时，FILE\n"
     "就是该组的线性规划；多个预算组或多个县时，FILE 是它们全体的一个整体模型（互不\n"
     "相关的块），其最优值等于各块之和。每个目标层都在文件中：第 K 层是目标，之前\n"
     "各层是固定在 relocfund 最优值上的行，之后各层是不起作用的行。行和列用短名\n"
     "（obj、c<n>、r<n>、l<k>、one）；每个 FILE 旁写出的 FILE.names.csv 说明它们\n"
     "各代表什么（块、安置点、来源、用途、户型）。\n\n"
     "选项：\n"
     "  --mps FILE         写出自由格式 MPS\n"
     "  --lp FILE          写出 CPLEX LP（两者可同时给）\n"
     "  --level K          目标层，从 1 起（默认 1；见政策模型的 \"objective\"）；\n"
     "                     K > 1 时先求解第 1..K-1 层\n"
     "  --gmpl-data FILE   为一个情景的预算组写出 models/relocation.mod（独立的 GNU\n"
     "                     MathProg 参考模型）的数据段：glpsol --math\n"
     "                     models/relocation.mod --data FILE 求解第 K 层\n"
     "  --group G          与 --gmpl-data 同用：预算组，从 1 起（默认 1）\n"
     "  --all-levels       每层一个文件，FILE 的扩展名前加“.l<K>”\n"
     "  --per-group        多个预算组或县时，另把每组单独写出，FILE 的扩展名前加\n"
     "                     “.<县>.g<组>”\n"
     "  -j, --jobs N       读取与求解的线程数（默认：在线处理器数）\n" ZH_TIME ZH_HELP
     "文件均原子写入（先写临时文件，完成后改名）。\n"
     "退出码：0 已写出，2 用法或输入错误，3 求解失败，4 无法写出输出。\n"},
    {"convert",
     "用法：relocfund convert [选项] 情景文件 -o OUT\n\n"
     "按 OUT 的扩展名（.json 或 .xlsx），把情景在 JSON 与 XLSX 工作簿（Excel、WPS）之间\n"
     "双向转换。先检查情景；其 extends 与 includes 合并成一个自足的情景（工作簿注明来自\n"
     "哪些文件），政策模型路径改写为相对 OUT 所在文件夹。求解 OUT 得到同样的方案。\n\n"
     "选项：\n"
     "  -o, --output FILE  要写出的文件（原子写入）：FILE.json 或 FILE.xlsx\n"
     "  --lang zh|en       工作簿的表名、表头和说明用中文（默认）或英文\n" ZH_HELP
     "退出码：0 已写出，2 用法或输入错误，4 无法写出输出。\n"},
    {"template",
     "用法：relocfund template [选项] -o FILE.xlsx\n\n"
     "写出一个空白情景工作簿，在 Excel 或 WPS 中填写：情景的每一部分一张表（概况、\n"
     "资金来源、安置点、户型、进度、核对），每个表头都有说明（填什么、什么单位），\n"
     "安置点类型和来源编号有下拉列表。凡是读情景的命令都能读填好的工作簿。\n\n"
     "选项：\n"
     "  -o, --output FILE  要写出的工作簿（原子写入）\n"
     "  --policy FILE      情景使用的政策模型：其路径写入工作簿，其来源编号写入资金来源表\n" ZH_LANG
         ZH_HELP
     "退出码：0 已写出，2 用法或输入错误，4 无法写出输出。\n"},
    {"serve",
     "用法：relocfund serve [选项] 情景文件\n\n"
     "在本机为情景提供一个规划页面：到位资金、整合涉农资金预算、自筹上限以及各安置点\n"
     "的住房单价和面积各有一个滑块，拖动即重新求解。先打印一行页面地址（含令牌），\n"
     "然后一直服务到被中断（Ctrl-C）。页面所用的 API 也可供脚本调用：见 docs/serve.md。\n\n"
     "选项：\n"
     "  --port N           TCP 端口（默认 0：任一空闲端口）\n"
     "  --host ADDR        绑定的地址（默认 127.0.0.1；其他地址会让别的计算机也能打开页面：\n"
     "                     给出警告）\n"
     "  --open             用桌面浏览器打开页面\n" ZH_TIME ZH_HELP
     "退出码：0 因 SIGINT 或 SIGTERM 停止，2 用法或输入错误，3 基准方案无法求解或服务\n"
     "无法启动。\n"},
};

const char *cli_help_chinese(const char *command)
{
    for (size_t i = 0; i < sizeof HELP_ZH / sizeof HELP_ZH[0]; i++)
        if ((!command && !HELP_ZH[i].command) ||
            (command && HELP_ZH[i].command && strcmp(command, HELP_ZH[i].command) == 0))
            return HELP_ZH[i].text;
    return NULL;
}
