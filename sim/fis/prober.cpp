#include "sim/fis/prober.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>

#include <curl/curl.h>

#include "sim/core/version.hpp"
#include "sim/fis/aws_client.hpp"

namespace drsim::fis {
namespace {

std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

// Probes never take less than this, whatever the interval: below it a healthy but distant URL would fail.
constexpr double shortest_probe_timeout_s = 0.05;

} // namespace

Probe probe_once(const std::string& url, double timeout_s, double t) {
  Probe probe;
  probe.url = url;
  probe.t = t;
  CURL* handle = curl_easy_init();
  if (handle == nullptr) {
    probe.error = "curl_easy_init failed";
    return probe;
  }
  const auto timeout_ms = std::lround(std::max(timeout_s, shortest_probe_timeout_s) * 1000);
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(handle, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(handle, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(handle, CURLOPT_USERAGENT, (std::string("drsim/") + version + " probe").c_str());
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, discard);
  const auto started = std::chrono::steady_clock::now();
  const CURLcode code = curl_easy_perform(handle);
  probe.ms = std::round(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
  if (code == CURLE_OK) {
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &probe.status);
    probe.ok = probe.status >= 200 && probe.status < 400;
  } else {
    probe.error = curl_easy_strerror(code);
  }
  curl_easy_cleanup(handle);
  return probe;
}

Prober::Prober(std::vector<std::string> urls, double interval_s, std::function<double()> now,
               std::function<void(const Probe&)> record)
    : urls_(std::move(urls)), interval_s_(interval_s), now_(std::move(now)), record_(std::move(record)) {
  curl_init_once();
}

Prober::~Prober() { stop(); }

void Prober::start() {
  for (const auto& url : urls_)
    threads_.emplace_back([this, url] { probe_loop(url); });
}

void Prober::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_)
    if (thread.joinable())
      thread.join();
  threads_.clear();
}

void Prober::probe_loop(const std::string& url) {
  try {
    probe_until_stopped(url);
  } catch (const std::exception& e) {
    failure_.record("the probe of " + url + " failed: " + e.what());
  }
}

void Prober::probe_until_stopped(const std::string& url) {
  double next = now_();
  while (!stopping_) {
    record_(probe_once(url, interval_s_, now_()));
    // A slot that went by while a probe was under way is skipped: the rate stays the one asked for.
    next += interval_s_;
    while (next <= now_())
      next += interval_s_;
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::duration<double>(next - now_()), [this] { return stopping_.load(); });
  }
}

} // namespace drsim::fis
