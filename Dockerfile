# drsim in a container, from Debian bookworm's packages only: the first stage installs .ci/setup's build list (the
# test install.dockerfile_packages holds the two lists equal), builds the release preset without its tests and
# packages it with CPack; the second installs that .deb, which pulls in the runtime libraries it depends on.
#   docker build -t drsim .
#   docker run --rm drsim compare /usr/share/drsim/scenarios/shop-region-loss.json
#   docker run --rm -v "$PWD:/work" drsim validate my-design/scenario.json
FROM debian:bookworm AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      g++ make cmake pkg-config ccache libboost-graph-dev libboost-program-options-dev libsimgrid-dev \
      nlohmann-json3-dev libspdlog-dev libfmt-dev libssl-dev libcurl4-openssl-dev libsqlite3-dev libcpp-httplib-dev dpkg-dev file
COPY . /src
WORKDIR /src
RUN cmake --preset release -DBUILD_TESTING=OFF && cmake --build --preset release \
    && cpack --config build/release/CPackConfig.cmake -B /package

FROM debian:bookworm
COPY --from=build /package/drsim_*.deb /tmp/
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/drsim_*.deb \
    && rm -rf /var/lib/apt/lists/* /tmp/drsim_*.deb
WORKDIR /work
ENTRYPOINT ["drsim"]
CMD ["--help"]
