/* relocfund: the command-line tool.  Dispatches to one function a command. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

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
} command;

static const command COMMANDS[] = {
    {"solve", cmd_solve, "plan a scenario: allocation, routing, compliance, rates"},
    {"validate", cmd_validate, "check scenario and policy files: every error and warning"},
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
     "write the LP (MPS or CPLEX LP, every level documented) for other solvers"},
    {"template", cmd_template, "write an empty scenario workbook (XLSX) to fill in Excel or WPS"},
    {"convert", cmd_convert, "convert a scenario between JSON and an XLSX workbook, both ways"},
    {"serve", cmd_serve,
     "a local planning page that re-solves as a number moves; an API for scripts"},
    {"version", cmd_version, "print the version"},
};

static void usage(FILE *to)
{
    fprintf(to, "usage: relocfund COMMAND [OPTIONS] ARGS...\n\n"
                "Plans and checks the money of a poverty-alleviation relocation programme.\n\n"
                "Commands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(to, "  %-12s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(to, "\nRun 'relocfund COMMAND --help' for a command's options.\n\n"
                "Exit codes:\n"
                "  0  balanced and compliant (or: the files are valid)\n"
                "  1  solved, but with an unfunded gap or a violation\n"
                "  2  usage or input error\n"
                "  3  solver or internal failure\n"
                "  4  output could not be written\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return RF_ERR_INPUT;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return RF_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("relocfund %s\n", RF_VERSION);
        return RF_OK;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        if (strcmp(argv[1], COMMANDS[i].name) == 0) {
            /* getopt names argv[0] in its messages ("unrecognized option"):
             * make them the one message shape of the tool. */
            char prefix[64];
            snprintf(prefix, sizeof prefix, "relocfund: error: %s", COMMANDS[i].name);
            argv[1] = prefix;
            return COMMANDS[i].run(argc - 1, argv + 1);
        }
    cli_error("unknown command '%s'; run 'relocfund --help' for the list", argv[1]);
    return RF_ERR_INPUT;
}
