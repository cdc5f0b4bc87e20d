/* rf_msg_zh: the catalog of the library's messages in Chinese, one entry per
 * English format string (as the code raises it), in one table. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "rf_error.h"
#include "rf_hash.h"

/* Each Chinese format takes the English one's arguments in the same order
 * (rf_msg_same_arguments; tests/test_msg.c checks every entry and that
 * every message raised under src/ has one).  An English argument the
 * Chinese sentence does not say (a plural "s") is taken by "%.0s".  The
 * Chinese uses Chinese punctuation and the reports' words; JSON, paths,
 * option names and what the user wrote stay as written. */
static const struct {
    const char *en, *zh;
} CATALOG[] = {
    /* src/analysis/rf_audit.c */
    {"out of memory", "内存不足"},
    {"row %lld: the duplicate check handles at most 4294967295 rows",
     "第 %lld 行：查重最多处理 4294967295 行"},
    /* src/analysis/rf_audit_run.c */
    {"cannot read back a temporary file: %s", "无法读回临时文件：%s"},
    {"cannot create a temporary file: %s", "无法创建临时文件：%s"},
    {"cannot start the reading thread: out of memory", "无法启动读取线程：内存不足"},
    {"cannot write a temporary file: %s", "无法写入临时文件：%s"},
    /* src/analysis/rf_batch.c */
    {"cannot read the folder", "无法读取文件夹"},
    {"the folder holds no .json or .xlsx scenario files", "文件夹中没有 .json 或 .xlsx 情景文件"},
    {"cannot read: no such file or folder", "无法读取：没有这个文件或文件夹"},
    {"no county scenario to run", "没有可运行的县情景"},
    {"cannot create a lock", "无法创建锁"},
    /* src/analysis/rf_compare.c */
    {"out of memory while writing the report", "写报告时内存不足"},
    /* src/analysis/rf_export.c */
    {"out of memory while building the models", "建立模型时内存不足"},
    {"--level %zu: %s's policy has %zu objective levels",
     "--level %zu：%s 的政策模型只有 %zu 个目标层"},
    {"cannot write: %s", "无法写出：%s"},
    {"--gmpl-data takes one scenario; %zu were given", "--gmpl-data 只接受一个情景；给出了 %zu 个"},
    {"--group %zu: %s has %zu budget group%s", "--group %zu：%s 有 %zu 个预算组%.0s"},
    {"%s: no solved budget group %zu", "%s：没有已求解的预算组 %zu"},
    /* src/analysis/rf_province.c */
    {"must be a non-empty array of scenario paths; found %s", "必须是非空的情景路径数组；实际：%s"},
    {"missing; expected an array of county scenario paths, e.g. [\"counties/a.json\"]%s",
     "缺少；应为各县情景路径的数组，例如 [\"counties/a.json\"]%s"},
    {"must be the path of a scenario file; found %s", "必须是情景文件的路径；实际：%s"},
    {"must be an array of {\"source\": id, \"amount\": yuan}; found %s",
     "必须是 {\"source\": 编号, \"amount\": 元} 的数组；实际：%s"},
    {"unknown split \"%s\"; expected \"registered_people\"",
     "未知的分配方式“%s”；应为“registered_people”"},
    {"\"%s\" is neither \"integrated_agri\" nor a source of the policy %s%s%s%s",
     "“%s”既不是“integrated_agri”，也不是政策模型 %s 的资金来源%s%s%s"},
    {"the pool \"%s\" makes %s's amount too large", "资金池“%s”使 %s 的金额过大"},
    /* src/analysis/rf_reverse.c */
    {"--break-even %s: expected PATH=LO:HI or PATH=LO:HI:UNIT%s%s",
     "--break-even %s：应为 PATH=LO:HI 或 PATH=LO:HI:UNIT%s%s"},
    /* src/analysis/rf_sweep.c */
    {"expected PATH=FROM:TO:STEP, e.g. sites[0].costs.housing_per_m2=1000:2000:10",
     "应为 PATH=FROM:TO:STEP，例如 sites[0].costs.housing_per_m2=1000:2000:10"},
    {"expected FROM:TO:STEP after '=' (three numbers)", "“=”之后应为 FROM:TO:STEP（三个数）"},
    {"%s '%.*s' is not a number with at most 6 decimals", "%s“%.*s”不是最多六位小数的数"},
    {"STEP must be more than 0 (the sweep goes from FROM toward TO)",
     "STEP 必须大于 0（扫描从 FROM 走向 TO）"},
    {"%llu points; at most %zu (use a larger STEP)",
     "%llu 个取值点；最多 %zu 个（请用更大的 STEP）"},
    /* src/engine/rf_gmpl.c */
    {"budget group %zu does not exist; the scenario has %zu", "预算组 %zu 不存在；情景共有 %zu 个"},
    {"objective level %zu does not exist; the policy lists %zu",
     "目标层 %zu 不存在；政策模型列出 %zu 个"},
    {"level %zu needs the optima of the %zu levels before it", "第 %zu 层需要其前 %zu 层的最优值"},
    {"could not write the data", "无法写出数据"},
    /* src/engine/rf_model.c */
    {"a cost is larger than relocfund can hold (over 10 trillion yuan); check the counts and unit "
     "costs",
     "有一项成本超出 relocfund 能表示的范围（超过 10 万亿元）；请检查数量和单价"},
    {"out of memory while building the model", "建立模型时内存不足"},
    /* src/engine/rf_outcome.c */
    {"%s \"%s\" in a relocfund-plan/1 result", "relocfund-plan/1 结果中的%s“%s”"},
    {"%s: amount out of range", "%s：金额超出范围"},
    {"not JSON (%s); expected a result saved with 'relocfund solve --format json'",
     "不是 JSON（%s）；应为用“relocfund solve --format json”保存的结果"},
    {"format \"%s\" is not a plan result (relocfund-plan/1)",
     "格式“%s”不是方案结果（relocfund-plan/1）"},
    {"unknown plan status", "未知的方案状态"},
    {"unknown site type \"%s\"", "未知的安置点类型“%s”"},
    /* src/engine/rf_plan.c */
    {"internal error: the rounded plan does not balance to the fen (%s)",
     "内部错误：取整后的方案没有精确平衡到分（%s）"},
    /* src/engine/rf_solve.c */
    {"the solver reached its time limit of %g s at %s; raise solver.time_limit_seconds or use "
     "--time-limit",
     "求解器达到时间上限 %g 秒（%s）；请调高 solver.time_limit_seconds 或使用 --time-limit"},
    {"level %zu (%s)", "第 %zu 层 %s"},
    {"the simplex method failed at %s (GLPK code %d)", "单纯形法失败（%s，GLPK 代码 %d）"},
    {"no optimal solution at %s (GLPK status %d); the model should always be feasible, so this is "
     "an internal error",
     "没有最优解（%s，GLPK 状态 %d）；模型应当总是可行的，所以这是内部错误"},
    {"GLPK stopped with an internal error while rounding to fen",
     "GLPK 在取整到分时因内部错误停止"},
    {"could not round the plan to whole fen (GLPK code %d)", "无法把方案取整到分（GLPK 代码 %d）"},
    {"could not round the plan to whole fen: no integral solution balanced every row (GLPK code "
     "%d)",
     "无法把方案取整到分：没有使每一行都平衡的整数解（GLPK 代码 %d）"},
    {"GLPK stopped with an internal error; the plan was not solved",
     "GLPK 因内部错误停止；方案未求解"},
    {"ranging needs a solved model", "范围分析需要已求解的模型"},
    {"GLPK stopped with an internal error during ranging", "GLPK 在范围分析时因内部错误停止"},
    {"the optimal basis of level %zu could not be restored", "无法恢复第 %zu 层的最优基"},
    {"the models are too large for one GLPK problem", "模型太大，无法放入一个 GLPK 问题"},
    {"GLPK stopped with an internal error while writing the model",
     "GLPK 在写出模型时因内部错误停止"},
    {"cannot write the model", "无法写出模型"},
    /* src/input/rf_book.c */
    {"the formula =%s was saved without its value; open the file in Excel or WPS and save it, so "
     "that the value is stored",
     "公式 =%s 保存时没有存下计算结果；请在 Excel 或 WPS 中打开并保存该文件，使结果存入"},
    {"the cell holds the error %s", "单元格中是错误值 %s"},
    {"%s is not a whole number of fen: %s has at most 2 decimals", "%s 不是整数分：%s最多两位小数"},
    {"\"%s\" is not %s", "“%s”不是%s"},
    {"%s %s is not %s", "%s %s 不是%s"},
    {"\"%s\" is not a whole number", "“%s”不是整数"},
    {"\"%s\" is not TRUE or FALSE (是 or 否)", "“%s”不是 TRUE 或 FALSE（是或否）"},
    {"the value has no key in column B (a path such as \"plan.registered_people\")",
     "该值在 B 列没有键（一个路径，例如“plan.registered_people”）"},
    {"\"%s\" is not a key: %s", "“%s”不是键：%s"},
    {"\"%s\" belongs on the sheet %s", "“%s”应在工作表 %s 中"},
    {"\"%s\" is not a key (a path such as \"costs.land\")",
     "“%s”不是键（应为路径，例如“costs.land”）"},
    {"the column has no key in row 2, so this value would be lost",
     "该列第 2 行没有键，这个值会丢失"},
    {"the row has no source id in its id column", "该行的编号列没有来源编号"},
    {"source \"%s\" has a row above already", "来源“%s”在上面已有一行"},
    {"a row needs a site id, a household size and a number of households",
     "每行需要安置点编号、每户人数和户数"},
    {"no site \"%s\" on the sites sheet (安置点 Sites)",
     "安置点表（安置点 Sites）中没有安置点“%s”"},
    {"site %s has a row for households of %s above already", "安置点 %s 在上面已有 %s 人户的一行"},
    {"not a scenario workbook: it has no sheet %s (%s); 'relocfund template -o FILE.xlsx' writes "
     "one to fill in",
     "不是情景工作簿：没有工作表 %s（%s）；“relocfund template -o "
     "FILE.xlsx”可写出一个待填写的工作簿"},
    {"cannot write the workbook", "无法写出工作簿"},
    {"cannot write the workbook: %s", "无法写出工作簿：%s"},
    {"this relocfund was built without libxlsxwriter, so it cannot write XLSX; install "
     "libxlsxwriter-dev and rebuild",
     "此 relocfund 构建时没有 libxlsxwriter，无法写出 XLSX；请安装 libxlsxwriter-dev 后重新构建"},
    {"the key runs through a value given above", "该键经过上面已给出的一个值"},
    {"element [%zu] comes before element [%zu]", "元素 [%zu] 出现在元素 [%zu] 之前"},
    {"given twice: the key is taken by a value given above",
     "给出了两次：该键已被上面的一个值占用"},
    /* src/input/rf_changes.c */
    {"expected PATH=VALUE, e.g. sources.policy_loans.arrived=50000000",
     "应为 PATH=VALUE，例如 sources.policy_loans.arrived=50000000"},
    {"bad path: %s", "路径有误：%s"},
    {"not a usable number", "不是可用的数字"},
    /* src/input/rf_gen.c */
    {"generator: %s", "生成器：%s"},
    {"generator: out of memory", "生成器：内存不足"},
    /* src/input/rf_json.c */
    {"invalid UTF-8: byte 0x%02X cannot appear here; the file may be GBK-encoded: convert it with "
     "'iconv -f GBK -t UTF-8'",
     "无效的 UTF-8：字节 0x%02X 不能出现在这里；文件可能是 GBK 编码：请用“iconv -f GBK -t "
     "UTF-8”转换"},
    {"more than %zu values in a file of %zu bytes; a JSON file may hold at most one value per %d "
     "bytes (and %d more), which bounds the memory it takes",
     "超过 %zu 个值，而文件只有 %zu 字节；JSON 文件每 %d 字节最多一个值（另加 %d "
     "个），以限制所占内存"},
    {"unexpected end of file inside a string that starts at line %d, column %d; the string needs a "
     "closing '\"'",
     "字符串（从第 %d 行第 %d 列开始）中文件意外结束；字符串需要结束的“\"”"},
    {"control character U+%04X in a string; write it as an escape such as \\n, \\t or \\u%04X (or "
     "close the string on its line)",
     "字符串中有控制字符 U+%04X；请写成转义，如 \\n、\\t 或 \\u%04X（或在本行结束字符串）"},
    {"invalid \\u escape: expected four hexadecimal digits",
     "无效的 \\u 转义：应为四位十六进制数字"},
    {"\\u0000 (NUL) in a string; text may not hold a NUL",
     "字符串中有 \\u0000（NUL）；文本不能含 NUL"},
    {"invalid \\u escape: a lone low surrogate", "无效的 \\u 转义：单独的低位代理"},
    {"invalid \\u escape: a high surrogate must be followed by a low surrogate \\uDC00-\\uDFFF",
     "无效的 \\u 转义：高位代理之后必须是低位代理 \\uDC00-\\uDFFF"},
    {"invalid escape in a string; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
     "字符串中的转义无效；JSON 只有 \\\" \\\\ \\/ \\b \\f \\n \\r \\t 和 \\uXXXX"},
    {"invalid number: leading zeros are not allowed in JSON", "无效的数字：JSON 不允许前导零"},
    {"-Infinity is not JSON; write a number or null", "-Infinity 不是 JSON；请写数字或 null"},
    {"invalid number: a JSON number is -?DIGITS[.DIGITS][e[+-]DIGITS]",
     "无效的数字：JSON 数字的形式是 -?DIGITS[.DIGITS][e[+-]DIGITS]"},
    {"invalid number: a decimal point must be followed by digits",
     "无效的数字：小数点后必须有数字"},
    {"invalid number: an exponent needs digits", "无效的数字：指数需要数字"},
    {"nesting too deep: more than %d levels of arrays and objects",
     "嵌套太深：数组和对象超过 %d 层"},
    {"unexpected end of file: the JSON is truncated; expected a member name in double quotes",
     "文件意外结束：JSON 不完整；应为双引号中的成员名"},
    {"a trailing comma before '}' is not allowed in JSON; remove it",
     "JSON 不允许“}”前有多余的逗号；请删除"},
    {"invalid JSON: unexpected %s; expected a member name in double quotes",
     "无效的 JSON：意外的%s；应为双引号中的成员名"},
    {"unexpected end of file: the JSON is truncated; expected ':'",
     "文件意外结束：JSON 不完整；应为“:”"},
    {"invalid JSON: unexpected %s; expected ':' after the member name",
     "无效的 JSON：意外的%s；成员名之后应为“:”"},
    {"a trailing comma before ']' is not allowed in JSON; remove it",
     "JSON 不允许“]”前有多余的逗号；请删除"},
    {"unexpected end of file: the JSON is truncated; %s", "文件意外结束：JSON 不完整；%s"},
    {"NaN and Infinity are not JSON; write a number or null",
     "NaN 和 Infinity 不是 JSON；请写数字或 null"},
    {"invalid number: JSON numbers have no '+' sign", "无效的数字：JSON 数字没有“+”号"},
    {"invalid JSON: strings are written in double quotes, not '",
     "无效的 JSON：字符串要用双引号，而不是“'”"},
    {"unexpected end of file: the JSON is truncated; expected a value",
     "文件意外结束：JSON 不完整；应为一个值"},
    {"the file holds no JSON value; expected an object", "文件中没有 JSON 值；应为一个对象"},
    {"trailing data after the JSON value; a file holds exactly one value",
     "JSON 值之后还有数据；一个文件只能有一个值"},
    {"duplicate key \"%s\"; it is already given at line %d, column %d",
     "重复的键“%s”；第 %d 行第 %d 列已给出"},
    {"number out of range: %.*s is too large for any amount or count",
     "数字超出范围：%.*s 对任何金额或数量都太大"},
    {"the file is empty; expected a JSON object", "文件为空；应为 JSON 对象"},
    {"invalid JSON: the parser stopped here", "无效的 JSON：解析在此处停止"},
    {"internal error: positions do not match the parsed tree", "内部错误：位置与解析出的树不一致"},
    {"the file starts with a byte order mark (BOM); save it as UTF-8 without BOM",
     "文件以字节顺序标记（BOM）开头；请另存为不带 BOM 的 UTF-8"},
    {"NUL byte (0x00) in the file; a JSON file is text and cannot contain it",
     "文件中有 NUL 字节（0x00）；JSON 文件是文本，不能含有它"},
    {"unexpected end of file: the JSON is truncated; expected ',' or '%c'",
     "文件意外结束：JSON 不完整；应为“,”或“%c”"},
    {"invalid JSON: unexpected %s; expected ',' or '%c'", "无效的 JSON：意外的%s；应为“,”或“%c”"},
    {"invalid JSON: unexpected %s; expected a value (object, array, string, number, true, false or "
     "null)",
     "无效的 JSON：意外的%s；应为一个值（对象、数组、字符串、数字、true、false 或 null）"},
    {"end of file", "文件结尾"},
    {"the document", "整个文件"},
    {" (NUL)", "（NUL）"},
    /* src/input/rf_path.c */
    {"unterminated quoted name starting at character %zu",
     "从第 %zu 个字符开始的带引号名称没有结束"},
    {"bad escape at character %zu; only \\\" and \\\\ may be escaped",
     "第 %zu 个字符处的转义有误；只能转义 \\\" 和 \\\\"},
    {"NUL character in the path", "路径中有 NUL 字符"},
    {"expected ']' after the quoted name at character %zu",
     "第 %zu 个字符处的带引号名称之后应为“]”"},
    {"bad step at character %zu: expected [N] with N a whole number >= 0, [ID] or [\"name\"]",
     "第 %zu 个字符处的步骤有误：应为 [N]（N 为大于等于 0 的整数）、[ID] 或 [\"name\"]"},
    {"bad index at character %zu: no leading zeros", "第 %zu 个字符处的下标有误：不能有前导零"},
    {"index at character %zu is too large (at most %u)", "第 %zu 个字符处的下标太大（最大 %u）"},
    {"unexpected '%c' at character %zu; expected '.' or '['",
     "意外的“%c”（第 %zu 个字符）；应为“.”或“[”"},
    {"unexpected '%c' at character %zu", "意外的“%c”（第 %zu 个字符）"},
    {"empty name at character %zu", "第 %zu 个字符处的名称为空"},
    /* src/input/rf_patch.c */
    {"%s; did you mean \"%s\"?", "%s；是否想输入“%s”？"},
    {"%s; expected one of: %s", "%s；应为以下之一：%s"},
    {"cannot take [%s]: %s is %s, not an array or an object",
     "无法取 [%s]：%s 是%s，不是数组或对象"},
    {"unknown id \"%s\" in %s; did you mean \"%s\"?",
     "未知的编号“%s”（在 %s 中）；是否想输入“%s”？"},
    {"unknown id \"%s\": %s has no element with an \"id\"",
     "未知的编号“%s”：%s 中没有带“id”的元素"},
    {"unknown id \"%s\": %s has no members", "未知的编号“%s”：%s 没有成员"},
    {"unknown id \"%s\" in %s; expected one of: %s",
     "未知的编号“%s”（在 %s 中）；应为以下之一：%s"},
    {"cannot set member \"%s\": %s is %s, not an object", "无法设置成员“%s”：%s 是%s，不是对象"},
    {"member \"%s\" does not exist, so no element has id \"%s\"",
     "成员“%s”不存在，所以没有编号为“%s”的元素"},
    {"member \"%s\" does not exist, so index [%zu] is out of range",
     "成员“%s”不存在，所以下标 [%zu] 超出范围"},
    {"cannot index [%zu]: %s is %s, not an array", "无法取下标 [%zu]：%s 是%s，不是数组"},
    {"index [%zu] is out of range: %s has %d element%s",
     "下标 [%zu] 超出范围：%s 只有 %d 个元素%.0s"},
    {"a boolean", "布尔值"},
    {"the path is empty", "路径为空"},
    /* src/input/rf_policy.c */
    {"unknown value \"%s\"; expected one of: %s", "未知的值“%s”；应为以下之一：%s"},
    {"missing; expected an array of uses (%s)", "缺少；应为用途的数组（%s）"},
    {"must be an array of uses (%s); found %s", "必须是用途的数组（%s）；实际：%s"},
    {"must be a use (%s); found %s", "必须是一项用途（%s）；实际：%s"},
    {"unknown use \"%s\"; expected one of: %s", "未知的用途“%s”；应为以下之一：%s"},
    {"\"%s\" is listed twice", "“%s”列出了两次"},
    {"a source id must not be empty", "资金来源编号不能为空"},
    {"a source with drawdown \"full\" cannot have a per-person site limit: what arrived beyond the "
     "sites' limits could not be spent; use drawdown \"as_needed\" or no site limit",
     "drawdown "
     "为“full”的资金来源不能有按人计的安置点限额：到位资金超出各安置点限额的部分将无法使用；请改用 "
     "drawdown“as_needed”或不设安置点限额"},
    {"a source with drawdown \"full\" must permit \"%s\", where its leftover goes; add it or use "
     "drawdown \"as_needed\"",
     "drawdown 为“full”的资金来源必须允许“%s”（其结余的去处）；请加上它或改用 drawdown“as_needed”"},
    {"must be %s", "必须是%s"},
    {"must be employment_base or industry", "必须是 employment_base 或 industry"},
    {"missing; expected the objective levels in order, from: %s",
     "缺少；应为按顺序排列的目标层，取自：%s"},
    {"must be a non-empty array of objective levels (from: %s)",
     "必须是非空的目标层数组（取自：%s）"},
    {"unknown objective level%s%s%s; expected one of: %s", "未知的目标层%s%s%s；应为以下之一：%s"},
    {"a policy model must be a JSON object; found %s", "政策模型必须是 JSON 对象；实际：%s"},
    {"unsupported format \"%s\"; expected \"%s\"", "不支持的格式“%s”；应为“%s”"},
    {"missing; expected an array of funding sources", "缺少；应为资金来源的数组"},
    {"must be a non-empty array of funding sources; found %s",
     "必须是非空的资金来源数组；实际：%s"},
    {"duplicate source id \"%s\"; sources[%zu] has it",
     "重复的资金来源编号“%s”；sources[%zu] 已使用"},
    {"missing; expected {\"cap_per_household\": yuan, \"uses\": [...]}",
     "缺少；应为 {\"cap_per_household\": 元, \"uses\": [...]}"},
    {"missing; expected {\"area_cap_per_person_m2\": m2}",
     "缺少；应为 {\"area_cap_per_person_m2\": 平方米}"},
    {"must be more than 0", "必须大于 0"},
    {"integrated agricultural funds may not pay for %s: surplus uses are funded from relocation "
     "funds only",
     "整合涉农资金不能用于 %s：结余用途只能由搬迁资金支付"},
    {"must be more than 0 seconds", "必须大于 0 秒"},
    {"must be from 0 up to (not including) 1", "必须在 0 到 1 之间（不含 1）"},
    /* src/input/rf_read.c */
    {"must be an object; found %s", "必须是对象；实际：%s"},
    {"missing; expected %s", "缺少；应为%s"},
    {"must be %s; found null", "必须是%s；实际：null"},
    {"must be %s; found %s", "必须是%s；实际：%s"},
    {"must be a whole number from 0 to %lld; found %s", "必须是 0 到 %lld 之间的整数；实际：%s"},
    {"%s has at most 2 decimals; found %s", "%s最多两位小数；实际：%s"},
    {"out of range: at most %lld; found %s", "超出范围：最大为 %lld；实际：%s"},
    {"control character U+%04X in text; ids, names and labels are plain text (no control "
     "characters: they would reach reports and terminals)",
     "文本中有控制字符 U+%04X；编号、名称和标签都是纯文本（不能有控制字符：它们会进入报告和终端）"},
    {"unknown member \"%s\"; did you mean \"%s\"?", "未知的成员“%s”；是否想输入“%s”？"},
    {"unknown member \"%s\"; expected one of: %s", "未知的成员“%s”；应为以下之一：%s"},
    {"unknown key (ignored); did you mean \"%s\"?", "未知的键（已忽略）；是否想输入“%s”？"},
    {"unknown key (ignored); expected one of: %s", "未知的键（已忽略）；应为以下之一：%s"},
    /* src/input/rf_request.c */
    {"must be an array of \"PATH=VALUE\" strings, not %s",
     "必须是“PATH=VALUE”字符串的数组，而不是%s"},
    {"%zu changes; a request may carry at most %d", "%zu 项修改；一个请求最多 %d 项"},
    {"must be a \"PATH=VALUE\" string, not %s", "必须是“PATH=VALUE”字符串，而不是%s"},
    {"changes \"%s\", which names a file; relocfund serve reads only the scenario's own files "
     "(use relocfund solve --set, or change the file)",
     "修改了“%s”，它指向一个文件；relocfund serve 只读取情景自己的文件（请用 relocfund solve "
     "--set，或修改该文件）"},
    /* src/input/rf_roster.c */
    {"cannot read: %s", "无法读取：%s"},
    {"row %lld has not been read yet", "第 %lld 行尚未读取"},
    {"cannot re-read row %lld to check a duplicate household id (did the file change while it was "
     "read?)",
     "无法重新读取第 %lld 行以核对重复的户号（读取期间文件是否被修改？）"},
    {"the file is UTF-16; expected UTF-8 (save it as \"CSV UTF-8\")",
     "文件是 UTF-16 编码；应为 UTF-8（另存为“CSV UTF-8”）"},
    {"the file is empty; expected a header row naming the columns", "文件为空；应有一行列名表头"},
    {"column %s (%s) appears twice in the header; expected it once",
     "列 %s（%s）在表头中出现两次；应只出现一次"},
    {"missing column%s %s; expected the columns household_id, site_id, category, size, area_m2, "
     "self_funded_yuan, moved_in_date, demolition_agreement, demolished_date (any order), by these "
     "names, their Chinese names or names a --columns file gives them",
     "缺少列%.0s %s；应有 "
     "household_id、site_id、category、size、area_m2、self_funded_yuan、moved_in_date、demolition_"
     "agreement、demolished_date "
     "这些列（顺序不限），用这些名称、它们的中文名或 --columns 文件给出的名称"},
    {"cannot convert from GB18030: %s", "无法从 GB18030 转换：%s"},
    {"bytes %s%s are not GBK/GB18030 text; expected a GBK file (or give --encoding utf-8)",
     "字节 %s%s 不是 GBK/GB18030 文本；应为 GBK 文件（或给出 --encoding utf-8）"},
    {"cannot make a temporary file for the roster's CSV: %s",
     "无法为花名册的 CSV 创建临时文件：%s"},
    {"cannot write or read back the roster's CSV in a temporary file: %s",
     "无法在临时文件中写入或读回花名册的 CSV：%s"},
    {"expected COLUMN = HEADER, e.g. household_id = 户号",
     "应为“列 = 表头”，例如 household_id = 户号"},
    {"unknown column \"%.100s\"; expected one of: household_id, site_id, category, size, area_m2, "
     "self_funded_yuan, moved_in_date, demolition_agreement, demolished_date",
     "未知的列“%.100s”；应为以下之一：household_id、site_id、category、size、area_m2、self_funded_"
     "yuan、moved_in_date、demolition_agreement、demolished_date"},
    {"no header name after '='; expected the export's name for %s",
     "“=”之后没有表头名；应为导出文件中 %s 的名称"},
    {"row has more than 4096 fields; expected one household a row",
     "该行超过 4096 个字段；应为每行一户"},
    {"quoted field is never closed (an unbalanced quote); expected a closing \" before the end of "
     "the file",
     "带引号的字段没有结束（引号不成对）；文件结束前应有结束的“\"”"},
    {"quoted field is not closed within 1 MiB (an unbalanced quote?); expected a closing \"",
     "带引号的字段在 1 MiB 内没有结束（引号不成对？）；应有结束的“\"”"},
    {"a quote inside an unquoted field; expected the whole field in quotes with the quote doubled "
     "(\"\")",
     "不带引号的字段中有引号；应把整个字段放在引号中，并把其中的引号写两次（\"\"）"},
    {"row is longer than 1 MiB; expected one household a row", "该行长于 1 MiB；应为每行一户"},
    {"a carriage return that does not end the line; expected CRLF or LF line ends",
     "回车符没有结束该行；行尾应为 CRLF 或 LF"},
    {"text after a closing quote; expected a comma or the end of the line",
     "结束引号之后还有文字；应为逗号或行尾"},
    {" (line %lld)", "（第 %lld 行）"},
    {"empty; expected the household's id", "为空；应为户号"},
    {"is %zu bytes long; expected an id of at most %d bytes", "长 %zu 字节；户号最多 %d 字节"},
    {"\"%s\" holds the control character U+%04X%s; expected an id without control characters",
     "“%s”含有控制字符 U+%04X%s；户号不能含控制字符"},
    {"\"%s\" is not valid UTF-8 text (a GBK file? see --encoding); expected a UTF-8 id without "
     "control characters",
     "“%s”不是有效的 UTF-8 文本（GBK 文件？见 --encoding）；户号应为不含控制字符的 UTF-8 文本"},
    {"empty; expected the id of the household's site, as in the scenario",
     "为空；应为该户安置点的编号（与情景中一致）"},
    {"is %zu bytes long; expected a site id of at most %d bytes",
     "长 %zu 字节；安置点编号最多 %d 字节"},
    {"\"%s\" holds the control character U+%04X%s; expected a site id without control characters",
     "“%s”含有控制字符 U+%04X%s；安置点编号不能含控制字符"},
    {"\"%s\" is not valid UTF-8 text (a GBK file? see --encoding); expected a UTF-8 site id",
     "“%s”不是有效的 UTF-8 文本（GBK 文件？见 --encoding）；安置点编号应为 UTF-8 文本"},
    {"\"%s\" is not a category; expected registered (建档立卡) or synchronous (同步搬迁)",
     "“%s”不是类别；应为 registered（建档立卡）或 synchronous（同步搬迁）"},
    {"\"%s\" is not a household size; expected a whole number of people from 1 to 99",
     "“%s”不是每户人数；应为 1 到 99 之间的整数"},
    {"\"%s\" is not an area; expected square metres from 0 to 1000000 with at most 2 decimals, "
     "e.g. 75 or 62.5",
     "“%s”不是面积；应为 0 到 1000000 平方米，最多两位小数，例如 75 或 62.5"},
    {"\"%s\" is not an amount; expected yuan >= 0 with at most 2 decimals, e.g. 8000, 8000.50 or "
     "8,000.50 (commas between groups of three digits)",
     "“%s”不是金额；应为大于等于 0 的元数，最多两位小数，例如 8000、8000.50 或 "
     "8,000.50（逗号每三位分组）"},
    {"\"%s\" is not a date; expected YYYY-MM-DD (e.g. 2016-09-01), 2016/9/1, 2016.9.1, "
     "2016年9月1日 or empty",
     "“%s”不是日期；应为 YYYY-MM-DD（例如 2016-09-01）、2016/9/1、2016.9.1、2016年9月1日或空"},
    {"\"%s\" is not yes or no; expected yes / 是 (a demolition agreement is signed) or no / 否",
     "“%s”不是是或否；应为 yes / 是（已签拆旧协议）或 no / 否"},
    {"\"%s\" is not a date; expected YYYY-MM-DD (e.g. 2017-03-31), 2017/3/31, 2017.3.31, "
     "2017年3月31日 or empty",
     "“%s”不是日期；应为 YYYY-MM-DD（例如 2017-03-31）、2017/3/31、2017.3.31、2017年3月31日或空"},
    {"row has %zu fields but the header has %zu; expected %zu",
     "该行有 %zu 个字段，但表头有 %zu 个；应为 %zu 个"},
    /* src/input/rf_roster_sheet.c */
    {"the workbook has no worksheet; expected the roster on its first sheet",
     "工作簿中没有工作表；花名册应在第一张工作表上"},
    {"cannot read the Excel 97-2003 workbook (FreeXL error %d%s); save it as .xlsx or CSV UTF-8",
     "无法读取 Excel 97-2003 工作簿（FreeXL 错误 %d%s）；请另存为 .xlsx 或 CSV UTF-8"},
    {"cannot write the roster's CSV to a temporary file", "无法把花名册的 CSV 写入临时文件"},
    /* src/input/rf_scenario.c */
    {"%s: files reference each other (extends, includes) more than %d deep, from %s; flatten the "
     "chain",
     "%s：文件之间的引用（extends、includes）超过 %d 层，从 %s 开始；请减少层数"},
    {"%s cycle: %s", "%s 循环引用：%s"},
    {"cannot read: out of memory", "无法读取：内存不足"},
    {"cannot read %s: %s", "无法读取 %s：%s"},
    {"%s is empty; expected a JSON object", "%s 为空；应为 JSON 对象"},
    {"%s is included already (at %s); a file's sites and money count once, so each file may be "
     "included once",
     "%s 已被包含（在 %s）；一个文件的安置点和资金只计一次，所以每个文件只能包含一次"},
    {"must be the path of a %s file (relative to this file); found %s",
     "必须是%s文件的路径（相对于本文件）；实际：%s"},
    {"the base must be a JSON object; it is %s", "基础文件必须是 JSON 对象；它是%s"},
    {"missing; expected {\"<people per household>\": households, ...}",
     "缺少；应为 {\"<每户人数>\": 户数, ...}"},
    {"must be an object {\"<people per household>\": households, ...}; found %s",
     "必须是对象 {\"<每户人数>\": 户数, ...}；实际：%s"},
    {"household size \"%s\" must be a whole number from 1 to %d (people per household)",
     "每户人数“%s”必须是 1 到 %d 之间的整数（每户的人数）"},
    {"%lld people is fewer than %lld households; a household has at least one person",
     "%lld 人少于 %lld 户；每户至少一人"},
    {"0 households cannot hold %lld people", "0 户不能容纳 %lld 人"},
    {"a site id must not be empty", "安置点编号不能为空"},
    {"unknown site type \"%s\"; expected one of: urban_park, township, central_village, dispersed",
     "未知的安置点类型“%s”；应为以下之一：urban_park、township、central_village、dispersed"},
    {"not given for this site nor in cost_defaults; expected %s",
     "本安置点和 cost_defaults 中都没有给出；应为%s"},
    {"duplicate site id \"%s\": this file is included more than once",
     "重复的安置点编号“%s”：本文件被包含了不止一次"},
    {"duplicate site id \"%s\"; %s has it already", "重复的安置点编号“%s”；%s 已使用"},
    {"duplicate site id \"%s\"; %s of %s has it already", "重复的安置点编号“%s”；%s（%s）已使用"},
    {"missing; expected {\"<source id>\": {\"arrived\": yuan}, ...} for every source of the policy",
     "缺少；政策模型的每个资金来源都应给出 {\"<来源编号>\": {\"arrived\": 元}, ...}"},
    {"unknown source \"%s\"; did you mean \"%s\"?", "未知的资金来源“%s”；是否想输入“%s”？"},
    {"unknown source \"%s\"; the policy %s has: %s",
     "未知的资金来源“%s”；政策模型 %s 的资金来源有：%s"},
    {"disbursed %s yuan is more than the %s yuan arrived", "已拨付 %s 元，多于到位的 %s 元"},
    {"missing; every source of the policy must be given (write {\"arrived\": 0} when nothing "
     "arrived)",
     "缺少；政策模型的每个资金来源都必须给出（没有到位时写 {\"arrived\": 0}）"},
    {"stated %s yuan, but the %s sources' disbursed amounts add up to %s yuan",
     "填报 %s 元，但 %s 个资金来源的拨付额合计 %s 元"},
    {"%s uses the policy %s, but this scenario uses %s; included scenarios must share one policy",
     "%s 使用政策模型 %s，而本情景使用 %s；被包含的情景必须使用同一个政策模型"},
    {"%s yuan arrived, but with site pooling a source is split among the sites by their %s people "
     "and no site has any: the money reaches no site and stays undrawn",
     "到位 %s "
     "元，但按安置点分配时，资金来源按各安置点的%"
     "s人数分配，而没有一个安置点有这类人口：这笔资金到不了任何安置点，不会被动用"},
    {"%s m2 per person puts %lld registered households of this site over the policy's housing-area "
     "cap of %s m2 per person%s",
     "人均 %s 平方米使本安置点 %lld 户建档立卡户超出政策规定的人均住房面积上限 %s 平方米%s"},
    {"%s m2 per person puts %lld registered households at %zu site%s that take it over the "
     "policy's housing-area cap of %s m2 per person%s",
     "人均 %s 平方米使 %lld 户建档立卡户（在采用该值的 %zu "
     "个安置点%.0s）超出政策规定的人均住房面积上限 %s 平方米%s"},
    {"must be a year such as 2016; found %lld", "必须是年份，例如 2016；实际：%lld"},
    {"missing; expected the path of a policy model, e.g. \"../../models/example-county.json\"",
     "缺少；应为政策模型的路径，例如“../../models/example-county.json”"},
    {"must be an array of scenario files; found %s", "必须是情景文件的数组；实际：%s"},
    {"must list at least one scenario file", "至少要列出一个情景文件"},
    {"missing; expected {\"registered_people\": N, \"synchronous_people\": N}",
     "缺少；应为 {\"registered_people\": N, \"synchronous_people\": N}"},
    {"missing; expected an array of resettlement sites", "缺少；应为安置点的数组"},
    {"must be a non-empty array of resettlement sites; found %s",
     "必须是非空的安置点数组；实际：%s"},
    {"a scenario must be a JSON object; found %s", "情景必须是 JSON 对象；实际：%s"},
    {"%s is %s, which --set does not change; %s", "%s 是%s，--set 不能修改它；%s"},
    /* src/input/rf_stated.c */
    {"%lld completed houses is more than the %lld planned", "竣工 %lld 套，多于计划的 %lld 套"},
    {"%lld households moved in, more than the %lld completed houses",
     "入住 %lld 户，多于竣工的 %lld 套"},
    {"stated %lld people moved in, but all %lld implemented households moved in and the sites give "
     "them %lld people",
     "填报入住 %lld 人，但已落实的 %lld 户全部入住，各安置点给出的人数是 %lld 人"},
    {"stated %lld people moved in, more than the %lld implemented people of the sites",
     "填报入住 %lld 人，多于各安置点已落实的 %lld 人"},
    {"stated %lld people moved in, fewer than the %lld households",
     "填报入住 %lld 人，少于 %lld 户"},
    {"%lld old houses demolished, more than the %lld demolition agreements",
     "拆除旧房 %lld 套，多于 %lld 份拆旧协议"},
    {"%lld agreements + %lld removed households = %lld, but the sites hold %lld registered "
     "households (each signs an agreement unless removed)",
     "%lld 份协议 + %lld 户已销号 = %lld，但各安置点有 %lld 户建档立卡户（除销号外每户都签协议）"},
    {"%lld sites completed, more than the %lld centralized sites",
     "竣工安置点 %lld 个，多于 %lld 个集中安置点"},
    {"unknown total \"%s\"; see docs/scenario-format.md for the names",
     "未知的合计“%s”；名称见 docs/scenario-format.md"},
    {"stated %s yuan, but the file gives %s yuan %s%s", "填报 %s 元，但文件给出 %s 元（%s）%s"},
    {"stated %s m², but the file gives %s %s%s", "填报 %s 平方米，但文件给出 %s（%s）%s"},
    {"stated %lld, but the file gives %lld %s%s", "填报 %lld，但文件给出 %lld（%s）%s"},
    {"must be a percentage such as \"79%%\" or \"98.9%%\" (or null); found %s",
     "必须是百分比，例如“79%%”或“98.9%%”（或 null）；实际：%s"},
    {"stated %s, but %s = %s 万元 / %s 万元 = %s", "填报 %s，但%s = %s 万元 / %s 万元 = %s"},
    {"stated %s, but %s = %s/%s = %s", "填报 %s，但%s = %s/%s = %s"},
    {"unknown rate \"%s\"; expected one of: %s", "未知的比率“%s”；应为以下之一：%s"},
    {"stated %s, but the file lacks the figures to check it (%s)",
     "填报 %s，但文件缺少核对它所需的数字（%s）"},
    {"unknown average \"%s\"; see docs/scenario-format.md for the names",
     "未知的平均值“%s”；名称见 docs/scenario-format.md"},
    {"must be m² per person written as a decimal such as 24.5 (the decimals written are the "
     "precision checked) or null; found %s",
     "必须是以小数写出的人均平方米数，例如 24.5（写出的小数位即核对的精度），或 null；实际：%s"},
    {"stated %s, but the file has no people to divide by (%s)",
     "填报 %s，但文件中没有可除的人数（%s）"},
    {"stated %s, but the file gives %s m² / %s people = %s %s",
     "填报 %s，但文件给出 %s 平方米 / %s 人 = %s %s"},
    {"stated %lld implemented, but the sites give %lld %s people",
     "填报已落实 %lld 人，但各安置点给出 %lld 人（%s）"},
    {"%lld planned - %lld cancelled = %lld, but built is %lld",
     "计划 %lld - 取消 %lld = %lld，但已建 %lld"},
    {"urban_park + township + central_village = %lld, but built is %lld",
     "urban_park + township + central_village = %lld，但已建 %lld"},
    {"completed + under_construction = %lld, but built is %lld",
     "completed + under_construction = %lld，但已建 %lld"},
    {"built is %lld, but the scenario has %lld centralized sites",
     "已建 %lld，但情景中有 %lld 个集中安置点"},
    {"stated %lld, but the scenario has %lld %s sites", "填报 %lld，但情景中有 %lld 个 %s 安置点"},
    {"the minimum is more than the maximum", "最小值大于最大值"},
    {"stated %s yuan per person, but %s yuan (+- %s) over %lld people is %s to %s yuan per person",
     "填报人均 %s 元，但 %s 元（±%s）除以 %lld 人为人均 %s 至 %s 元"},
    /* src/input/rf_variant.c */
    {"exists; save again with \"replace\": true to overwrite it",
     "已存在；要覆盖请加上 \"replace\": true 再保存"},
    {"no free variant name next to the scenario", "情景旁已没有可用的方案名"},
    {"must be 1 to %d letters, digits, '-' or '_'", "必须是 1 到 %d 个字母、数字、“-”或“_”"},
    {"a variant is saved next to a JSON scenario only; convert this one with 'relocfund convert' "
     "and serve the JSON file",
     "方案只能保存在 JSON 情景旁；请用“relocfund convert”转换本情景，再对 JSON 文件运行 serve"},
    {"the changes cannot be read", "无法读取这些修改"},
    {"no file of the scenario's chain states this array", "情景的继承链中没有文件给出这个数组"},
    /* src/input/rf_xlsx.c */
    {"the workbook names the part %s, but the file has none", "工作簿指向部件 %s，但文件中没有"},
    {"the part inflates to %llu bytes, over the %llu bytes this reader accepts",
     "该部件解压后为 %llu 字节，超过本读取器接受的 %llu 字节"},
    {"cannot read the part: %s", "无法读取该部件：%s"},
    {"the part declares a DTD, which a workbook never does",
     "该部件声明了 DTD，而工作簿从不这样做"},
    {"the part is not well-formed XML: %s", "该部件不是格式正确的 XML：%s"},
    {"the part cannot be inflated: %s", "该部件无法解压：%s"},
    {"the part inflates to more than the %llu bytes this reader accepts",
     "该部件解压后超过本读取器接受的 %llu 字节"},
    {"the part inflates more than %u times its compressed size of %llu bytes (a zip bomb?); "
     "refused",
     "该部件解压后超过压缩大小的 %u 倍（压缩大小为 %llu 字节；是 zip 炸弹？）；拒绝读取"},
    {"shared string %zu is longer than %zu bytes", "共享字符串 %zu 长于 %zu 字节"},
    {"%zu shared strings take more than the %llu bytes this reader accepts",
     "%zu 个共享字符串超过本读取器接受的 %llu 字节"},
    {"an Excel 97-2003 workbook (.xls), not .xlsx; save it as .xlsx (Excel or WPS: File, Save As, "
     "Excel Workbook)",
     "这是 Excel 97-2003 工作簿（.xls），不是 .xlsx；请另存为 .xlsx（Excel 或 "
     "WPS：文件、另存为、Excel 工作簿）"},
    {"not an XLSX workbook (an XLSX file is a zip archive)",
     "不是 XLSX 工作簿（XLSX 文件是 zip 压缩包）"},
    {"not a readable XLSX workbook: %s", "不是可读取的 XLSX 工作簿：%s"},
    {"names no workbook part: not a spreadsheet", "没有指向工作簿部件：不是电子表格"},
    {"the row's text is longer than %zu bytes", "该行的文本长于 %zu 字节"},
    {"row number \"%.40s\" is not between 1 and %u", "行号“%.40s”不在 1 到 %u 之间"},
    {"row %u comes after row %u", "第 %u 行出现在第 %u 行之后"},
    {"more than %u rows", "超过 %u 行"},
    {"cell reference \"%.20s\" is not a cell of row %u", "单元格引用“%.20s”不是第 %u 行的单元格"},
    {"the cell comes after column %u in its row", "该单元格在本行第 %u 列之后"},
    {"the cell names shared string \"%.40s\", but the workbook has %zu",
     "该单元格指向共享字符串“%.40s”，但工作簿只有 %zu 个"},
    {"a boolean cell holds \"%.40s\", not 0 or 1", "布尔单元格中是“%.40s”，不是 0 或 1"},
    {"a number cell holds \"%.40s\", which is not a number", "数字单元格中是“%.40s”，不是数字"},
    {"unknown cell type \"%.15s\"", "未知的单元格类型“%.15s”"},
    {"the workbook has no sheet %zu", "工作簿没有第 %zu 张工作表"},
    {"sheet \"%.200s\" names relationship %.40s, which the workbook does not have",
     "工作表“%.200s”指向关系 %.40s，但工作簿中没有"},
    {"the sheet could not be read", "无法读取该工作表"},
    /* src/report/rf_emit_xlsx.c */
    {"cannot create the workbook", "无法创建工作簿"},
    /* src/util/rf_file.c */
    {"is a directory; expected %s", "是文件夹；应为%s"},
    {"is not a regular file (a device, pipe or socket); expected %s",
     "不是普通文件（而是设备、管道或套接字）；应为%s"},
    {"is %lld bytes; %s may have at most %zu MiB", "有 %lld 字节；%s最多 %zu MiB"},
    {"grew past %zu MiB while it was read; %s may have at most that",
     "读取期间增长超过 %zu MiB；%s最多只能这么大"},
    /* notes the library leaves for the CLI */
    {"not UTF-8 text; read as GBK/GB18030 (give --encoding gbk to say so, or save the file as "
     "\"CSV UTF-8\")",
     "不是 UTF-8 文本；已按 GBK/GB18030 读取（用 --encoding gbk 明确指出，或把文件另存为“CSV "
     "UTF-8”）"},
    /* phrases that messages take as arguments (kinds of values, expectations) */
    {"nothing", "空值"},
    {"an object", "对象"},
    {"an array", "数组"},
    {"a string", "字符串"},
    {"a number", "数字"},
    {"a whole number >= 0", "大于等于 0 的整数"},
    {"an amount in yuan >= 0 (a number with at most 2 decimals)",
     "大于等于 0 的金额（元，最多两位小数）"},
    {"an area in m2 >= 0 (a number with at most 2 decimals)",
     "大于等于 0 的面积（平方米，最多两位小数）"},
    {"money is in yuan and", "金额以元计，"},
    {"an area in m2", "面积（平方米）"},
    {"true or false", "true 或 false"},
    {"an empty string", "空字符串"},
    {"an empty array", "空数组"},
    {"an area in m2 per person", "人均面积（平方米）"},
    {"yuan per m2", "每平方米的元数"},
    {"a JSON file", "JSON 文件"},
    {"a column map (COLUMN = HEADER lines)", "列名对照文件（“列 = 表头”各行）"},
    {"a roster file (CSV, .xlsx or .xls)", "花名册文件（CSV、.xlsx 或 .xls）"},
    {"an XLSX workbook", "XLSX 工作簿"},
    {"a policy model", "政策模型"},
    {"an array naming employment_base and industry, in the order surplus is routed",
     "列出 employment_base 和 industry 的数组，按结余分配的先后顺序"},
    {"; did you mean \"", "；是否想输入“"},
    {" (after --set)", "（--set 修改后）"},
    {"scenario", "情景"},
    {"reading the optimal basis", "读取最优基时"},
    {"completed / built", "已完工安置点/已建安置点"},
    {"an amount in yuan", "以元计的金额"},
    {"an area in m²", "以平方米计的面积"},
    {"the date", "日期"},
    {"the boolean", "布尔值"},
    {"a province file", "省级文件"},
    {"a result file (JSON)", "结果文件（JSON）"},
    {"a sheet without a name or relationship id", "没有名称或关系编号的工作表"},
    {"check a change to it with 'policy.PATH=VALUE' on a scenario that uses it",
     "请在使用它的情景上用“policy.PATH=VALUE”检查对它的修改"},
    {"check a change on one of its counties", "请在它的某个县上检查修改"},
    {"empty", "空"},
    {"registered", "建档立卡"},
    {"synchronous", "同步搬迁"},
    {"policy model", "政策模型"},
    {" \"", "“"},
    {"\"", "”"},
    /* what the system says of a file (strerror) */
    {"No such file or directory", "没有这个文件或文件夹"},
    {"Permission denied", "没有权限"},
    {"Is a directory", "是文件夹"},
    {"Not a directory", "路径中有一部分不是文件夹"},
    {"No space left on device", "设备上没有剩余空间"},
    {"Read-only file system", "文件系统只读"},
    {"Too many open files", "打开的文件过多"},
    {"Input/output error", "输入输出错误"},
    {"File name too long", "文件名过长"},
    {"another string", "其他字符串"},
    {"\"?", "”？"},
};

#define N_ENTRIES (sizeof CATALOG / sizeof CATALOG[0])
#define N_SLOTS 1024 /* a power of two, over twice N_ENTRIES */

static uint16_t slots[N_SLOTS]; /* entry + 1, 0 for empty */
static uint64_t slot_key[2];
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;

static void fill_slots(void)
{
    _Static_assert(N_ENTRIES * 2 < N_SLOTS, "the catalog outgrew its slots");
    /* a fixed key: the keys are this table's, not an input's */
    for (size_t i = 0; i < N_ENTRIES; i++) {
        size_t k = rf_hash(slot_key, CATALOG[i].en, strlen(CATALOG[i].en)) & (N_SLOTS - 1);
        while (slots[k])
            k = (k + 1) & (N_SLOTS - 1);
        slots[k] = (uint16_t)(i + 1);
    }
}

const char *rf_msg_zh(const char *en)
{
    pthread_once(&slots_once, fill_slots);
    size_t k = rf_hash(slot_key, en, strlen(en)) & (N_SLOTS - 1);
    for (; slots[k]; k = (k + 1) & (N_SLOTS - 1))
        if (strcmp(CATALOG[slots[k] - 1].en, en) == 0)
            return CATALOG[slots[k] - 1].zh;
    return NULL;
}

bool rf_msg_entry(size_t i, const char **en, const char **zh)
{
    if (i >= N_ENTRIES)
        return false;
    *en = CATALOG[i].en;
    *zh = CATALOG[i].zh;
    return true;
}
