// Which transport errors are the normal end of a connection, not worth a log line.
#ifndef LIVEDIFF_NET_SRC_NET_ERRORS_H
#define LIVEDIFF_NET_SRC_NET_ERRORS_H

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>

namespace livediff::net::detail {

inline bool quiet_error(boost::beast::error_code ec) {
  namespace asio = boost::asio;
  return ec == asio::error::operation_aborted || ec == boost::beast::websocket::error::closed
         || ec == boost::beast::error::timeout || ec == boost::beast::http::error::end_of_stream
         || ec == asio::error::eof || ec == asio::error::connection_reset;
}

}  // namespace livediff::net::detail

#endif  // LIVEDIFF_NET_SRC_NET_ERRORS_H
