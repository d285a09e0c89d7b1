// manual: the man page deskpulse(1), the bash completion and the Markdown option
// reference, each generated from the CLI itself (every command, option and help text
// as `--help` shows them), so that what is installed cannot drift from the program.
// install.sh and packaging/build-deb run it; tests/e2e/packaging checks
// docs/commands.md against it.
#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/env.h"
#include "model/version.h"

namespace dp::app {

namespace {

// One option (or positional argument) as the manual shows it.
struct OptionDoc {
  std::vector<std::string> names;  // "-c", "--config"; empty for a positional
  std::string positional;          // "file" for a positional argument
  std::string value;               // FILE, DIR, PERIOD...; empty for a flag
  std::vector<std::string> choices;
  std::string description;
  std::string default_value;
  bool required = false;
  bool repeated = false;  // may be given more than once, or as a comma-separated list
  char delimiter = '\0';
};

struct CommandDoc {
  std::string name;
  std::string description;
  std::vector<OptionDoc> options;      // named options, in the order `--help` lists them
  std::vector<OptionDoc> positionals;  // positional arguments
};

std::string upper(std::string s) {
  for (auto& c : s)
    c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// What the value of `opt` is called: FILE and DIR where the option's check (or its
// meaning) says so, the choices where it has a list, else its own name in capitals.
OptionDoc option_doc(const CLI::Option& opt) {
  OptionDoc d;
  for (const auto& s : opt.get_snames()) d.names.push_back("-" + s);
  for (const auto& l : opt.get_lnames()) d.names.push_back("--" + l);
  if (d.names.empty()) d.positional = opt.get_name(true);
  d.description = opt.get_description();
  d.default_value = opt.get_default_str();
  d.required = opt.get_required();
  d.delimiter = opt.get_delimiter();
  d.repeated = opt.get_items_expected_max() > 1 || d.delimiter != '\0';
  if (opt.get_expected_max() == 0) {  // a flag
    d.repeated = false;
    return d;
  }
  std::string kind;
  std::stringstream parts(opt.get_type_name());
  for (std::string part; std::getline(parts, part, ':');) {
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      std::stringstream list(part.substr(1, part.size() - 2));
      for (std::string c; std::getline(list, c, ',');) d.choices.push_back(c);
    } else if (part == "FILE" || part == "DIR") {
      kind = part;
    }
  }
  const std::string name = opt.get_lnames().empty() ? d.positional : opt.get_lnames().front();
  if (kind.empty() && (name == "config" || name == "state" || name == "file")) kind = "FILE";
  if (kind.empty() && name == "out") kind = "DIR";
  if (kind.empty() && name == "source") kind = "TYPE:PATH";
  d.value = !kind.empty() ? kind : upper(name);
  return d;
}

std::vector<CommandDoc> collect(const CLI::App& root) {
  std::vector<CommandDoc> out;
  for (const CLI::App* sub : root.get_subcommands([](const CLI::App* s) {
         return !s->get_group().empty();  // a hidden command stays out of the manual
       })) {
    CommandDoc c;
    c.name = sub->get_name();
    c.description = sub->get_description();
    const CLI::Option* help = sub->get_help_ptr();
    for (const CLI::Option* opt : sub->get_options()) {
      if (opt == help || opt->get_group().empty()) continue;
      auto d = option_doc(*opt);
      (d.names.empty() ? c.positionals : c.options).push_back(std::move(d));
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

// "-c, --config FILE", "--format table|json|csv", "--dry-run".
std::string usage_of(const OptionDoc& o) {
  std::string s = o.names.empty() ? upper(o.positional) : join(o.names, ", ");
  if (!o.choices.empty()) {
    s += " " + join(o.choices, "|");
  } else if (!o.value.empty() && !o.names.empty()) {
    s += " " + o.value;
  }
  return s;
}

std::string notes_of(const OptionDoc& o) {
  std::vector<std::string> n;
  if (o.required) n.push_back("required");
  if (!o.default_value.empty()) n.push_back("default: " + o.default_value);
  // Said once: many descriptions already say it.
  const bool said = o.description.find("repeat") != std::string::npos ||
                    o.description.find("comma") != std::string::npos;
  if (o.delimiter != '\0' && !said) {
    n.push_back("comma-separated, may be repeated");
  } else if (o.repeated && !said) {
    n.push_back("may be repeated");
  }
  return n.empty() ? "" : " (" + join(n, "; ") + ")";
}

// ---- man page (roff, man macros) ----

// Text for roff: backslashes escaped, a line never starting with a control character.
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char ch : text) {
    if (line_start && (ch == '.' || ch == '\'')) out += "\\&";
    if (ch == '\\') {
      out += "\\e";
    } else {
      out += ch;
    }
    line_start = ch == '\n';
  }
  return out;
}

// An option name or command line: hyphens as \- so that they copy and search as ASCII.
std::string roff_literal(const std::string& text) {
  std::string out;
  for (char ch : roff(text)) {
    if (ch == '-') {
      out += "\\-";
    } else {
      out += ch;
    }
  }
  return out;
}

void print_man(const std::vector<CommandDoc>& cmds, std::ostream& os) {
  os << ".\\\" Generated by `deskpulse manual --format man` from the CLI's own help: do not edit.\n"
     << ".TH DESKPULSE 1 \"\" \"deskpulse " << DESKPULSE_VERSION << "\" \"User Commands\"\n"
     << ".SH NAME\n"
     << "deskpulse \\- customer-service KPIs for open-source helpdesks\n"
     << ".SH SYNOPSIS\n"
     << ".B deskpulse\n.I COMMAND\n[\\fIOPTIONS\\fR]\n.br\n"
     << ".B deskpulse\n.I COMMAND\n.B \\-\\-help\n.br\n"
     << ".B deskpulse \\-\\-version\n"
     << ".SH DESCRIPTION\n"
     << "deskpulse is a sidecar for open-source helpdesks. It polls the helpdesk (Request "
        "Tracker 5) and the phone system (Asterisk queue_log and CDR, Wazo, Twilio), keeps a "
        "normalized copy of tickets, ticket events and calls in SQLite, computes "
        "customer-service KPIs per agent, team, queue and channel, and writes the results "
        "back: scores as ticket custom fields and weekly report posts. Every figure comes "
        "with its sample size, a 95% interval and a low-sample flag.\n"
     << ".PP\n"
     << "Start with\n.BR \"deskpulse demo\" ;\n"
     << ".B deskpulse\n.I COMMAND\n.B \\-\\-help\nexplains each command.\n"
     << ".SH COMMANDS\n";
  for (const auto& c : cmds) {
    std::string synopsis = "deskpulse " + c.name;
    if (!c.options.empty()) synopsis += " [options]";
    for (const auto& p : c.positionals) synopsis += " [" + upper(p.positional) + "]";
    os << ".SS \"" << roff_literal(synopsis) << "\"\n" << roff(c.description) << '\n';
    for (const auto& o : c.options) {
      os << ".TP\n.B " << roff_literal(usage_of(o)) << '\n'
         << roff(o.description + notes_of(o)) << '\n';
    }
    for (const auto& p : c.positionals) {
      os << ".TP\n.I " << upper(p.positional) << '\n' << roff(p.description) << '\n';
    }
  }
  os << ".SH EXIT STATUS\n"
     << ".TP\n.B 0\nSuccess (also for \\fB\\-\\-help\\fR and \\fB\\-\\-version\\fR).\n"
     << ".TP\n.B 1\nThe command ran but something failed: rejected input lines, a failed "
        "write, a source that could not be read. The rest is kept.\n"
     << ".TP\n.B 2\nBad arguments or configuration: an unknown command or option, a missing "
        "or malformed value, a configuration that does not validate, or (for \\fBrun\\fR) "
        "a configuration that enables nothing yet. The systemd unit does not restart on "
        "it.\n"
     << ".TP\n.B 70\nInternal error (a bug: please report it).\n"
     << ".SH ENVIRONMENT\n"
     << "Secrets never go into the configuration file: it names an environment variable "
        "(\\fB${RT_TOKEN}\\fR) or a file (\\fBsecret_file:\\fR). The systemd unit reads the "
        "variables from \\fI/etc/deskpulse/deskpulse.env\\fR (mode 0600, read by systemd "
        "only).\n"
     << ".TP\n.B JOURNAL_STREAM\nSet by systemd: log lines carry journald priority prefixes.\n"
     << ".SH FILES\n"
     << ".TP\n.I /etc/deskpulse/deskpulse.yaml\nThe configuration (\\fBdeskpulse check-config "
        "\\-c\\fR validates it).\n"
     << ".TP\n.I /etc/deskpulse/deskpulse.example.yaml\nAn example with every connector and "
        "key.\n"
     << ".TP\n.I /etc/deskpulse/deskpulse.env\nThe secrets the service's configuration names "
        "(VAR=value lines).\n"
     << ".TP\n.I /var/lib/deskpulse/\nThe state: the SQLite database and the outbox.\n"
     << ".TP\n.I /usr/share/doc/deskpulse/\nREADME.md and the manuals (docs/*.md); under "
        "\\fI/usr/local/share/doc/deskpulse/\\fR when installed with install.sh.\n"
     << ".SH SEE ALSO\n"
     << ".BR systemctl (1),\n.BR journalctl (1),\n.BR systemd.exec (5);\n"
     << "docs/commands.md, docs/configuration.md and docs/install.md in the documentation "
        "directory.\n";
}

// ---- bash completion ----

std::string shell_words(const std::vector<std::string>& v) {
  return join(v, " ");
}

void print_bash(const std::vector<CommandDoc>& cmds, std::ostream& os) {
  std::vector<std::string> names;
  for (const auto& c : cmds) names.push_back(c.name);
  os << "# bash completion for deskpulse\n"
     << "# Generated by `deskpulse manual --format bash-completion` from the CLI: do not edit.\n"
     << "_deskpulse() {\n"
     << "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
     << "  local cmd='' i\n"
     << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
     << "    case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac\n"
     << "  done\n"
     << "  if [ -z \"$cmd\" ]; then\n"
     << "    COMPREPLY=($(compgen -W '" << shell_words(names)
     << " --help --version' -- \"$cur\"))\n"
     << "    return\n"
     << "  fi\n"
     << "  local opts='' files='' dirs='' positional=''\n"
     << "  case $cmd in\n";
  for (const auto& c : cmds) {
    std::vector<std::string> opts{"--help"}, files, dirs;
    std::string choices_cases;
    for (const auto& o : c.options) {
      for (const auto& n : o.names) {
        opts.push_back(n);
        if (o.value == "FILE") files.push_back(n);
        if (o.value == "DIR") dirs.push_back(n);
      }
      if (!o.choices.empty()) {
        choices_cases += "        " + join(o.names, "|") + ") COMPREPLY=($(compgen -W '" +
                         shell_words(o.choices) + "' -- \"$cur\")); return ;;\n";
      }
    }
    os << "    " << c.name << ")\n"
       << "      opts='" << shell_words(opts) << "'\n";
    if (!files.empty()) os << "      files='" << shell_words(files) << "'\n";
    if (!dirs.empty()) os << "      dirs='" << shell_words(dirs) << "'\n";
    if (!c.positionals.empty()) os << "      positional=file\n";
    if (!choices_cases.empty()) {
      os << "      case $prev in\n" << choices_cases << "      esac\n";
    }
    os << "      ;;\n";
  }
  os << "    *) return ;;\n"
     << "  esac\n"
     << "  local w\n"
     << "  for w in $files; do\n"
     << "    [ \"$prev\" = \"$w\" ] && { COMPREPLY=($(compgen -f -- \"$cur\")); return; }\n"
     << "  done\n"
     << "  for w in $dirs; do\n"
     << "    [ \"$prev\" = \"$w\" ] && { COMPREPLY=($(compgen -d -- \"$cur\")); return; }\n"
     << "  done\n"
     << "  if [[ $cur != -* && -n $positional ]]; then\n"
     << "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
     << "    return\n"
     << "  fi\n"
     << "  COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
     << "}\n"
     << "complete -o filenames -F _deskpulse deskpulse\n";
}

// ---- Markdown (docs/commands.md's reference section) ----

std::string md_cell(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '|') {
      out += "\\|";
    } else if (ch == '\n') {
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

void print_markdown(const std::vector<CommandDoc>& cmds, std::ostream& os) {
  for (const auto& c : cmds) {
    os << "### deskpulse " << c.name << "\n\n" << c.description << "\n\n";
    os << "| option | |\n|---|---|\n";
    for (const auto& o : c.options) {
      os << "| `" << md_cell(usage_of(o)) << "` | " << md_cell(o.description + notes_of(o))
         << " |\n";
    }
    for (const auto& p : c.positionals) {
      os << "| `" << upper(p.positional) << "` (argument) | " << md_cell(p.description) << " |\n";
    }
    os << "| `-h, --help` | Print this command's help and exit |\n\n";
  }
}

}  // namespace

void add_manual_command(CLI::App& app, int& exit_code) {
  auto format = std::make_shared<std::string>("man");
  auto* cmd = app.add_subcommand(
      "manual",
      "Print the manual generated from this CLI: the man page deskpulse(1), the bash "
      "completion script, or docs/commands.md's option reference (Markdown).");
  cmd->add_option("--format", *format, "man, bash-completion or markdown")
      ->check(CLI::IsMember({"man", "bash-completion", "markdown"}))
      ->capture_default_str();
  const CLI::App* root = &app;
  cmd->callback([root, format, &exit_code] {
    const auto cmds = collect(*root);
    if (*format == "man") {
      print_man(cmds, std::cout);
    } else if (*format == "bash-completion") {
      print_bash(cmds, std::cout);
    } else {
      print_markdown(cmds, std::cout);
    }
    std::cout.flush();
    exit_code = std::cout ? kExitOk : kExitFailed;
  });
}

}  // namespace dp::app
