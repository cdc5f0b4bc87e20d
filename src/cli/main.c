/* relocfund: the command-line tool.  Dispatches to one function a command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rf_read.h"

static int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("relocfund %s\n", RF_VERSION);
    return RF_OK;
}

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    bool no_lang; /* takes no --lang (writes no report): a leading one only sets messages */
} command;

static const command COMMANDS[] = {
    {"solve", cmd_solve, "plan a scenario: allocation, routing, compliance, rates"},
    {"validate", cmd_validate, "check scenario and policy files: every error and warning", true},
    {"whatif", cmd_whatif,
     "re-solve under changes (--set) or over a range (--sweep), side by side"},
    {"sensitivity", cmd_sensitivity, "shadow prices and ranges, in words a finance officer reads"},
    {"reverse", cmd_reverse,
     "倒算: funding each site needs for the cap to hold; break-even values"},
    {"compare", cmd_compare, "two scenarios or saved results side by side, differences flagged"},
    {"audit", cmd_audit, "check a household roster (CSV) against the policy: every violation"},
    {"batch", cmd_batch,
     "many counties at once (files, a folder or a province file), with a roll-up"},
    {"export", cmd_export,
     "write the LP (MPS or CPLEX LP, every level documented) for other solvers", true},
    {"template", cmd_template, "write an empty scenario workbook (XLSX) to fill in Excel or WPS"},
    {"convert", cmd_convert, "convert a scenario between JSON and an XLSX workbook, both ways"},
    {"serve", cmd_serve,
     "a local planning page that re-solves as a number moves; an API for scripts", true},
    {"version", cmd_version, "print the version", true},
};

static void usage(FILE *to)
{
    const char *zh = cli_messages_chinese() ? cli_help_chinese(NULL) : NULL;
    if (zh) {
        fputs(zh, to);
        return;
    }
    fprintf(to, "usage: relocfund COMMAND [OPTIONS] ARGS...\n\n"
                "Plans and checks the money of a poverty-alleviation relocation programme.\n\n"
                "Commands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(to, "  %-12s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(to, "\nRun 'relocfund COMMAND --help' for a command's options.\n"
                "The global option --lang zh|en chooses the language of messages (then\n"
                "RELOCFUND_LANG, then LANG).\n\n"
                "Exit codes:\n"
                "  0  balanced and compliant (or: the files are valid)\n"
                "  1  solved, but with an unfunded gap or a violation\n"
                "  2  usage or input error\n"
                "  3  solver or internal failure\n"
                "  4  output could not be written\n");
}

/* The value of a leading --lang at argv[i] ("--lang zh" or "--lang=zh"),
 * with *used the number of arguments it takes; NULL if argv[i] is not one. */
static const char *leading_lang(int argc, char **argv, int i, int *used)
{
    if (i < argc && strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
        *used = 2;
        return argv[i + 1];
    }
    if (i < argc && strncmp(argv[i], "--lang=", 7) == 0) {
        *used = 1;
        return argv[i] + 7;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    cli_messages_init(argc, argv);
    /* A --lang before the command is the command's too. */
    int used = 0;
    const char *lang = leading_lang(argc, argv, 1, &used);
    if (lang && strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0) {
        cli_error("--lang %s: expected zh or en", lang);
        return RF_ERR_INPUT;
    }
    int first = 1 + used;
    if (argc <= first) {
        usage(stderr);
        return RF_ERR_INPUT;
    }
    const char *word = argv[first];
    if (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0 || strcmp(word, "help") == 0) {
        usage(stdout);
        return RF_OK;
    }
    if (strcmp(word, "--version") == 0) {
        printf("relocfund %s\n", RF_VERSION);
        return RF_OK;
    }
    const char *names[sizeof COMMANDS / sizeof COMMANDS[0] + 1];
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++) {
        names[i] = COMMANDS[i].name;
        if (strcmp(word, COMMANDS[i].name) != 0)
            continue;
        /* getopt names argv[0] in its messages ("unrecognized option"):
         * make them the one message shape of the tool. */
        char prefix[64];
        snprintf(prefix, sizeof prefix, "relocfund: error: %s", COMMANDS[i].name);
        /* The command's arguments: its name, the leading --lang, the rest. */
        char **args = malloc(((size_t)argc + 2) * sizeof *args);
        if (!args) {
            cli_error("out of memory");
            return RF_ERR_SOLVER;
        }
        int n = 0;
        args[n++] = prefix;
        if (lang && !COMMANDS[i].no_lang) {
            args[n++] = "--lang";
            args[n++] = (char *)lang;
        }
        for (int k = first + 1; k < argc; k++)
            args[n++] = argv[k];
        args[n] = NULL;
        int code = COMMANDS[i].run(n, args);
        free(args);
        return code;
    }
    names[sizeof COMMANDS / sizeof COMMANDS[0]] = NULL;
    char line[512];
    int len = snprintf(line, sizeof line, cli_msg(CLI_MSG_UNKNOWN_COMMAND), word);
    const char *near = rf_read_closest(word, names);
    if (near && len > 0 && (size_t)len < sizeof line)
        len += snprintf(line + len, sizeof line - (size_t)len, cli_msg(CLI_MSG_DID_YOU_MEAN), near);
    if (len > 0 && (size_t)len < sizeof line)
        snprintf(line + len, sizeof line - (size_t)len, "%s", cli_msg(CLI_MSG_COMMANDS_HINT));
    cli_error("%s", line);
    return RF_ERR_INPUT;
}
