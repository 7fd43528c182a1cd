#include "sim/history/store.hpp"

#include <filesystem>
#include <memory>
#include <string_view>

#include <sqlite3.h>

#include "sim/core/errors.hpp"
#include "sim/core/names.hpp"

namespace drsim {
namespace {

constexpr int schema_version = 1;
constexpr int busy_timeout_ms = 5000;

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Database = std::unique_ptr<sqlite3, CloseDatabase>;
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

[[noreturn]] void refuse(const std::string& file, const std::string& message) {
  throw InputError({{file, "", message}});
}

class History {
public:
  History(std::string file, bool create) : file_(std::move(file)) {
    if (!create && !std::filesystem::exists(file_))
      refuse(file_, "no such history file; `drsim check --history FILE` creates one");
    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    const int status = sqlite3_open_v2(file_.c_str(), &raw, flags, nullptr);
    db_.reset(raw);
    if (status != SQLITE_OK)
      fail("cannot open it");
    sqlite3_busy_timeout(db_.get(), busy_timeout_ms);
    const int version = user_version();
    if (version == 0 && create && !has_tables()) {
      execute("CREATE TABLE checks(id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, scenario TEXT NOT NULL, "
              "scenario_sha256 TEXT NOT NULL, drsim_version TEXT NOT NULL, commit_id TEXT NOT NULL, "
              "runs INTEGER NOT NULL, seed TEXT NOT NULL);"
              "CREATE TABLE objectives(check_id INTEGER NOT NULL REFERENCES checks(id), strategy TEXT NOT NULL, "
              "objective INTEGER NOT NULL, metric TEXT NOT NULL, stat TEXT NOT NULL, target REAL NOT NULL, "
              "observed REAL, verdict TEXT NOT NULL);"
              "PRAGMA user_version = " +
              std::to_string(schema_version) + ";");
    } else if (version != schema_version) {
      refuse(file_, "is not a drsim history (SQLite user_version " + std::to_string(version) + ", expected " +
                        std::to_string(schema_version) + ")");
    }
  }

  void execute(const std::string& sql) {
    if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
      fail("cannot update it");
  }

  Statement prepare(std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK)
      fail("cannot read it");
    return Statement(raw);
  }

  void step_done(sqlite3_stmt* statement) {
    if (sqlite3_step(statement) != SQLITE_DONE)
      fail("cannot update it");
  }

  std::int64_t last_id() const { return sqlite3_last_insert_rowid(db_.get()); }

  [[noreturn]] void fail(const std::string& what) const {
    refuse(file_, what + ": " + (db_ ? sqlite3_errmsg(db_.get()) : "out of memory"));
  }

  const std::string& file() const { return file_; }

private:
  std::string file_;
  Database db_;

  int user_version() {
    const auto statement = prepare("PRAGMA user_version");
    if (sqlite3_step(statement.get()) != SQLITE_ROW)
      fail("cannot read it");
    return sqlite3_column_int(statement.get(), 0);
  }

  bool has_tables() {
    const auto statement = prepare("SELECT count(*) FROM sqlite_schema");
    if (sqlite3_step(statement.get()) != SQLITE_ROW)
      fail("cannot read it");
    return sqlite3_column_int(statement.get(), 0) > 0;
  }
};

void bind_text(sqlite3_stmt* statement, int index, const std::string& text) {
  sqlite3_bind_text(statement, index, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt* statement, int index) {
  const auto* text = sqlite3_column_text(statement, index);
  return text ? reinterpret_cast<const char*>(text) : "";
}

template <NamedEnum Enum> Enum column_enum(History& history, sqlite3_stmt* statement, int index) {
  const auto name = column_text(statement, index);
  const auto value = value_of<Enum>(name);
  if (!value)
    refuse(history.file(), "holds an unknown name \"" + name + "\"; written by a newer drsim?");
  return *value;
}

} // namespace

void append_to_history(const std::string& file, const CheckIdentity& identity, const Report& report) {
  History history(file, true);
  history.execute("BEGIN IMMEDIATE");
  auto check = history.prepare("INSERT INTO checks(recorded_at, scenario, scenario_sha256, drsim_version, commit_id, "
                               "runs, seed) VALUES(?, ?, ?, ?, ?, ?, ?)");
  bind_text(check.get(), 1, identity.recorded_at);
  bind_text(check.get(), 2, identity.scenario);
  bind_text(check.get(), 3, identity.scenario_sha256);
  bind_text(check.get(), 4, identity.drsim_version);
  bind_text(check.get(), 5, identity.commit);
  sqlite3_bind_int(check.get(), 6, identity.runs);
  // As text: SQLite's integers are signed 64-bit, a seed is unsigned.
  bind_text(check.get(), 7, std::to_string(identity.seed));
  history.step_done(check.get());
  const auto check_id = history.last_id();
  auto objective =
      history.prepare("INSERT INTO objectives(check_id, strategy, objective, metric, stat, target, observed, verdict) "
                      "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& strategy : report.results)
    for (const auto& o : strategy.objectives) {
      sqlite3_reset(objective.get());
      sqlite3_bind_int64(objective.get(), 1, check_id);
      bind_text(objective.get(), 2, strategy.strategy);
      sqlite3_bind_int64(objective.get(), 3, static_cast<sqlite3_int64>(o.index));
      bind_text(objective.get(), 4, std::string(name_of(o.metric)));
      bind_text(objective.get(), 5, std::string(name_of(o.stat)));
      sqlite3_bind_double(objective.get(), 6, o.target);
      if (o.observed)
        sqlite3_bind_double(objective.get(), 7, *o.observed);
      else
        sqlite3_bind_null(objective.get(), 7);
      bind_text(objective.get(), 8, std::string(name_of(o.verdict)));
      history.step_done(objective.get());
    }
  history.execute("COMMIT");
}

std::vector<HistoryEntry> read_history(const std::string& file) {
  History history(file, false);
  const auto rows = history.prepare(
      "SELECT c.id, c.recorded_at, c.scenario, c.scenario_sha256, c.drsim_version, c.commit_id, c.runs, c.seed, "
      "o.strategy, o.objective, o.metric, o.stat, o.target, o.observed, o.verdict "
      "FROM objectives o JOIN checks c ON c.id = o.check_id ORDER BY c.id, o.rowid");
  std::vector<HistoryEntry> entries;
  int status = SQLITE_ROW;
  while ((status = sqlite3_step(rows.get())) == SQLITE_ROW) {
    HistoryEntry entry;
    entry.check = sqlite3_column_int64(rows.get(), 0);
    entry.identity.recorded_at = column_text(rows.get(), 1);
    entry.identity.scenario = column_text(rows.get(), 2);
    entry.identity.scenario_sha256 = column_text(rows.get(), 3);
    entry.identity.drsim_version = column_text(rows.get(), 4);
    entry.identity.commit = column_text(rows.get(), 5);
    entry.identity.runs = sqlite3_column_int(rows.get(), 6);
    entry.identity.seed = std::stoull(column_text(rows.get(), 7));
    entry.strategy = column_text(rows.get(), 8);
    entry.objective = static_cast<std::size_t>(sqlite3_column_int64(rows.get(), 9));
    entry.metric = column_enum<Metric>(history, rows.get(), 10);
    entry.stat = column_enum<Statistic>(history, rows.get(), 11);
    entry.target = sqlite3_column_double(rows.get(), 12);
    if (sqlite3_column_type(rows.get(), 13) != SQLITE_NULL)
      entry.observed = sqlite3_column_double(rows.get(), 13);
    entry.verdict = column_enum<Verdict>(history, rows.get(), 14);
    entries.push_back(std::move(entry));
  }
  if (status != SQLITE_DONE)
    history.fail("cannot read it");
  return entries;
}

} // namespace drsim
