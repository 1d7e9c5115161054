// A dispatch table that many endpoints of one OCPP version share, and whose handlers are told
// which endpoint's owner (the connection) the CALL came on: (Context&, const Request&, Reply).
//
// Why: a Router per endpoint costs a map node and a heap std::function per action per
// connection, 4 KiB for 2.0.1, which at 10,000 stations is most of a connection's memory. A
// server that owns its connections registers its handlers once per version instead and gives
// each endpoint the shared table with use_shared_router(). Used on the endpoints' thread;
// register everything before the first endpoint uses it.
#pragma once

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <simdjson.h>

#include "iskra/ocpp/decode_support.hpp"
#include "iskra/ocpp/version.hpp"
#include "iskra/rpc/reply.hpp"

namespace iskra::rpc {

// What RpcEndpoint sees of a shared table: the context is the pointer the endpoint was given.
class SharedRouterBase {
public:
    using Dispatch = std::function<bool(void* context, simdjson::dom::element payload,
                                        ocpp::DecodeContext& ctx, RawReply& reply)>;

    explicit SharedRouterBase(ocpp::Version version) : version_(version) {}
    SharedRouterBase(const SharedRouterBase&) = delete;
    SharedRouterBase& operator=(const SharedRouterBase&) = delete;

    ocpp::Version version() const { return version_; }
    // nullptr when no handler serves `action`.
    const Dispatch* find(std::string_view action) const {
        const auto it = handlers_.find(action);
        return it == handlers_.end() ? nullptr : &it->second;
    }

protected:
    ocpp::Version version_;
    std::map<std::string, Dispatch, std::less<>> handlers_;
};

template <class Context>
class SharedRouter : public SharedRouterBase {
public:
    using SharedRouterBase::SharedRouterBase;

    // As Router::on, the handler also taking the endpoint's context first.
    template <class Request, class Handler>
    void on(Handler handler) {
        if (Request::kVersion != version_) {
            throw std::logic_error("handler for " + std::string(Request::kAction) +
                                   " registered on a router of the other OCPP version");
        }
        using Response = typename Request::Response;
        static_assert(std::is_invocable_v<Handler&, Context&, const Request&, Reply<Response>>,
                      "handler must be callable as (Context&, const Request&, "
                      "Reply<Request::Response>)");
        handlers_.insert_or_assign(
            std::string(Request::kAction),
            [handler = std::move(handler)](void* context, simdjson::dom::element payload,
                                           ocpp::DecodeContext& ctx, RawReply& reply) mutable {
                Request request;
                if (!decode(payload, request, ctx)) return false;  // by ADL, in Request's namespace
                handler(*static_cast<Context*>(context), std::as_const(request),
                        Reply<Response>(std::move(reply)));
                return true;
            });
    }
};

}  // namespace iskra::rpc
