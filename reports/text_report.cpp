#include "reports/text_report.hpp"

#include <cmath>
#include <ostream>
#include <string>
#include <string_view>

#include "reports/figures.hpp"
#include "sim/core/units.hpp"

namespace drsim {

void write_run_text(std::ostream& out, const Report& report) {
  out << "Scenario " << report.scenario << ", seed " << report.seed << "\n";
  for (const auto& result : report.results) {
    for (const auto& drill : result.drills) {
      out << "\nStrategy " << result.strategy << "\n\nTimeline (simulated time since the drill started)\n";
      for (const auto& event : drill.timeline) {
        const std::string_view kind = name_of(event.kind);
        out << "  " << format_clock(event.time) << "  " << kind;
        out << std::string(kind.size() < 22 ? 22 - kind.size() : 1, ' ') << event.component;
        if (!event.detail.empty())
          out << ": " << event.detail;
        out << '\n';
      }
      const auto& m = drill.measurement;
      out << "\nMeasured\n";
      if (m.first_failure)
        out << "  first failed request  " << format_clock(*m.first_failure) << '\n';
      if (m.recovered_at)
        out << "  recovered             " << format_clock(*m.recovered_at) << '\n';
      out << "  RTO                   "
          << (m.rto_s ? format_duration(*m.rto_s) : std::string("unrecovered within the horizon")) << '\n';
      out << "  RPO                   " << format_duration(m.rpo_s) << '\n';
      out << "  lost writes           " << static_cast<long long>(std::llround(m.lost_writes)) << '\n';
      if (m.lost_writes > 0) {
        out << "  data loss             " << format_duration(m.data_loss_s) << '\n';
        out << "  discarded writes      " << static_cast<long long>(std::llround(m.discarded_writes)) << '\n';
      }
      out << "  availability          " << percent(m.availability, 4) << '\n';
      if (drill.corrupt_requests > 0)
        out << "  served corrupt data   " << static_cast<long long>(std::llround(drill.corrupt_requests))
            << " requests, before the corruption was found\n";
      if (drill.lost_objects > 0)
        out << "  lost objects          " << static_cast<long long>(std::llround(drill.lost_objects)) << '\n';
      out << "  engine steps          " << drill.engine_steps << '\n';
      if (!drill.outages.empty()) {
        out << "\nOutages (" << drill.outages.size() << ")\n";
        for (const auto& outage : drill.outages) {
          out << "  " << format_clock(outage.start) << "  "
              << (outage.end ? format_duration(*outage.end - outage.start) : std::string("under way at the horizon"));
          if (outage.end && outage.onset != outage.start)
            out << ", RTO " << format_duration(*outage.end - outage.onset) << " from " << format_clock(outage.onset);
          if (outage.lost_writes > 0)
            out << ", RPO " << format_duration(outage.rpo_s) << ", "
                << static_cast<long long>(std::llround(outage.lost_writes)) << " writes lost";
          if (outage.discarded_writes > 0)
            out << " (" << static_cast<long long>(std::llround(outage.discarded_writes)) << " after its onset)";
          for (std::size_t c = 0; c < outage.causes.size(); ++c)
            out << (c == 0 ? "; " : ", ") << outage.causes[c];
          out << '\n';
        }
      }
    }
  }
}

} // namespace drsim
